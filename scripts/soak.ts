/**
 * The soak: 60 s at 100 concurrent connections against workerd on loopback (the benchmark's
 * build and `workerd serve` setup, 1,000-article corpus), over a mix of feed polls, first renders
 * with distinct query strings, filtered feeds and pages (bench/soak.lua). Passes with zero socket
 * errors, zero 5xx, and workerd's memory at the end within 10 % of its memory after warm-up.
 *
 *   npm run soak [-- --seconds 60 --connections 100 --warmup 15 --articles 1000]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build, restoreRealContent } from "./bench/build.ts";
import { OUT, ROOT } from "./bench/paths.ts";
import { topEntity } from "./bench/routes.ts";
import { rssMiB, serve, withServer } from "./bench/workerd.ts";
import { ensureWrk, parseWrk, runWrk, type WrkResult } from "./bench/wrk.ts";

const { values } = parseArgs({
	options: {
		seconds: { type: "string", default: "60" },
		connections: { type: "string", default: "100" },
		warmup: { type: "string", default: "15" },
		articles: { type: "string", default: "1000" },
	},
});

/** wrk's report, and the 5xx responses bench/soak.lua counts (wrk counts them with the other non-2xx/3xx). */
type Run = WrkResult & { fivexx: number };

function run(wrkBin: string, url: string, seconds: number, env: Record<string, string>): Run {
	const lua = join(ROOT, "bench/soak.lua");
	const out = runWrk(wrkBin, url, { threads: 2, connections: Number(values.connections), seconds, lua, env });
	return { ...parseWrk(out), fivexx: Number(/5xx: (\d+)/.exec(out)?.[1] ?? Number.NaN) };
}

async function main() {
	const wrkBin = ensureWrk();
	const n = Number(values.articles);
	const dir = join(OUT, String(n)); // where build() puts the bundle
	mkdirSync(dir, { recursive: true });
	try {
		const built = await build(n);
		await withServer(await serve(dir, built, {}), async (server) => {
			const env = {
				REELFEED_SOAK_PERSON: (await topEntity(server, "people")).slug,
				REELFEED_SOAK_FILM: (await topEntity(server, "films")).slug,
			};
			console.log(
				`soak: ${n} articles, warm-up ${values.warmup} s, then ${values.seconds} s at ${values.connections} connections`,
			);
			const warm = run(wrkBin, server.url, Number(values.warmup), env);
			const afterWarmup = rssMiB(server.pid);
			const soak = run(wrkBin, server.url, Number(values.seconds), env);
			const atEnd = rssMiB(server.pid);
			const growth = (atEnd - afterWarmup) / afterWarmup;
			const pass = soak.socketErrors === 0 && soak.fivexx === 0 && soak.non2xx3xx === 0 && Math.abs(growth) <= 0.1;
			const report = [
				`${new Date().toISOString().slice(0, 10)} · ${n} articles · wrk -t2 -c${values.connections} · warm-up ${values.warmup} s, soak ${values.seconds} s`,
				"",
				"| figure | warm-up | soak | target |",
				"| --- | --- | --- | --- |",
				`| requests | ${warm.requests} | ${soak.requests} | |`,
				`| requests/s | ${warm.rps} | ${soak.rps} | |`,
				`| latency p99 | ${warm.p99Ms.toFixed(2)}ms | ${soak.p99Ms.toFixed(2)}ms | |`,
				`| socket errors (connect, read, write, timeout) | ${warm.socketErrors} | ${soak.socketErrors} | 0 |`,
				`| responses other than 2xx/3xx | ${warm.non2xx3xx} | ${soak.non2xx3xx} | 0 |`,
				`| 5xx responses | ${warm.fivexx} | ${soak.fivexx} | 0 |`,
				`| workerd RSS | ${afterWarmup.toFixed(0)} MiB after warm-up | ${atEnd.toFixed(0)} MiB at the end (${(growth * 100).toFixed(1)} %) | within 10 % |`,
				"",
				pass ? "PASS" : "FAIL",
			].join("\n");
			console.log(`\n${report}\n`);
			writeFileSync(join(OUT, "soak.md"), `${report}\n`);
			if (!pass) process.exitCode = 1;
		});
	} finally {
		// build() compiled the corpus into src/content/: put the real content back.
		restoreRealContent();
	}
}

await main();
