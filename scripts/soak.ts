/**
 * The soak: 60 s at 100 concurrent connections against workerd on loopback (the benchmark's
 * build and `workerd serve` setup, 1,000-article corpus), over a mix of feed polls, first renders
 * with distinct query strings, filtered feeds and pages (bench/soak.lua). Passes with zero socket
 * errors, zero 5xx, and workerd's memory at the end within 10 % of its memory after warm-up.
 *
 *   npm run soak [-- --seconds 60 --connections 100 --warmup 15 --articles 1000]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "./bench/build.ts";
import { topEntity } from "./bench/routes.ts";
import { rssMiB, serve } from "./bench/workerd.ts";
import { ensureWrk } from "./bench/wrk.ts";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
	options: {
		seconds: { type: "string", default: "60" },
		connections: { type: "string", default: "100" },
		warmup: { type: "string", default: "15" },
		articles: { type: "string", default: "1000" },
	},
});

type Run = { requests: number; errors: number; non2xx3xx: number; fivexx: number; rps: number; p99: string };

function run(wrkBin: string, url: string, seconds: number, env: Record<string, string>): Run {
	const out = execFileSync(
		wrkBin,
		["-t2", `-c${values.connections}`, `-d${seconds}s`, "--latency", "-s", join(ROOT, "bench/soak.lua"), url],
		{
			encoding: "utf8",
			env: { ...process.env, ...env },
		},
	);
	const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
	return {
		requests: Number(/(\d+) requests in/.exec(out)?.[1]),
		errors: socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
		non2xx3xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
		fivexx: Number(/5xx: (\d+)/.exec(out)?.[1] ?? Number.NaN),
		rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
		p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?",
	};
}

async function main() {
	const wrkBin = ensureWrk();
	const n = Number(values.articles);
	const dir = join(ROOT, "bench/out", String(n)); // where build() puts the bundle
	mkdirSync(dir, { recursive: true });
	const built = build(n);
	const server = await serve(dir, built, {});
	const pid = server.child.pid as number;
	try {
		const env = {
			REELFEED_SOAK_PERSON: (await topEntity(server, "people")).slug,
			REELFEED_SOAK_FILM: (await topEntity(server, "films")).slug,
		};
		console.log(
			`soak: ${n} articles, warm-up ${values.warmup} s, then ${values.seconds} s at ${values.connections} connections`,
		);
		const warm = run(wrkBin, server.url, Number(values.warmup), env);
		const afterWarmup = rssMiB(pid);
		const soak = run(wrkBin, server.url, Number(values.seconds), env);
		const atEnd = rssMiB(pid);
		const growth = (atEnd - afterWarmup) / afterWarmup;
		const pass = soak.errors === 0 && soak.fivexx === 0 && soak.non2xx3xx === 0 && Math.abs(growth) <= 0.1;
		const report = [
			`${new Date().toISOString().slice(0, 10)} · ${n} articles · wrk -t2 -c${values.connections} · warm-up ${values.warmup} s, soak ${values.seconds} s`,
			"",
			"| figure | warm-up | soak | target |",
			"| --- | --- | --- | --- |",
			`| requests | ${warm.requests} | ${soak.requests} | |`,
			`| requests/s | ${warm.rps} | ${soak.rps} | |`,
			`| latency p99 | ${warm.p99} | ${soak.p99} | |`,
			`| socket errors (connect, read, write, timeout) | ${warm.errors} | ${soak.errors} | 0 |`,
			`| responses other than 2xx/3xx | ${warm.non2xx3xx} | ${soak.non2xx3xx} | 0 |`,
			`| 5xx responses | ${warm.fivexx} | ${soak.fivexx} | 0 |`,
			`| workerd RSS | ${afterWarmup.toFixed(0)} MiB after warm-up | ${atEnd.toFixed(0)} MiB at the end (${(growth * 100).toFixed(1)} %) | within 10 % |`,
			"",
			pass ? "PASS" : "FAIL",
		].join("\n");
		console.log(`\n${report}\n`);
		writeFileSync(join(ROOT, "bench/out/soak.md"), `${report}\n`);
		if (!pass) process.exitCode = 1;
	} finally {
		server.child.kill("SIGKILL");
		execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], {
			cwd: ROOT,
			env: { ...process.env, REELFEED_CONTENT: join(ROOT, "content") },
		});
	}
}

await main();
