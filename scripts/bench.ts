/**
 * The benchmark: builds the Worker as `wrangler deploy` does, serves it with `workerd serve` (a
 * capnp config, no wrangler in the measured path) beside two baselines in the same process, drives
 * it with wrk from a second process on loopback, and prints one table. See BENCHMARKS.md.
 *
 *   npm run bench                      3 corpora (3, 1,000, 10,000 articles), 3 rounds of 3 s
 *   npm run bench -- --smoke           the real content only, 1 round of 1 s: proves it works
 *   npm run bench -- --corpora 3,1000 --rounds 5 --duration 5 --connections 16
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { generateCorpus } from "./corpus.ts";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "bench/out");
const BIN = join(ROOT, "node_modules/.bin");
const ENV = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false" };

const { values: opts } = parseArgs({
	// Imported (by the soak), it takes no arguments of its own.
	args: import.meta.main ? process.argv.slice(2) : [],
	options: {
		smoke: { type: "boolean", default: false },
		corpora: { type: "string" },
		rounds: { type: "string" },
		duration: { type: "string" },
		connections: { type: "string", default: "16" },
	},
});
const CORPORA = (opts.corpora ?? (opts.smoke ? "3" : "3,1000,10000")).split(",").map(Number);
const ROUNDS = Number(opts.rounds ?? (opts.smoke ? 1 : 3));
const DURATION = Number(opts.duration ?? (opts.smoke ? 1 : 3));
const CONNECTIONS = Number(opts.connections);

export function ensureWrk(): string {
	const found = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" }).stdout.trim();
	if (found) return found;
	if (process.getuid?.() === 0) {
		console.log("installing wrk from Debian (apt-get install wrk)…");
		execFileSync("sh", [
			"-c",
			"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null",
		]);
		return "wrk";
	}
	throw new Error("wrk is not installed: sudo apt-get install wrk");
}

export function workerdBinary(): string {
	// The workerd that wrangler itself runs (wrangler's own dependency).
	const nested = join(ROOT, "node_modules/wrangler/node_modules/workerd/bin/workerd");
	return existsSync(nested) ? nested : join(BIN, "workerd");
}

export const freePort = () =>
	new Promise<number>((ok, fail) => {
		const s = createServer().listen(0, "127.0.0.1", () => {
			const a = s.address();
			s.close(() => (typeof a === "object" && a ? ok(a.port) : fail(new Error("no port"))));
		});
	});

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Corpus folder: the real content for 3, a generated one otherwise. */
export function corpusDir(n: number): string {
	if (n === 3) return join(ROOT, "content");
	const dir = join(ROOT, "bench/corpus", String(n));
	if (!existsSync(join(dir, "site.yaml"))) generateCorpus(n, 1, dir);
	return dir;
}

export type Built = { outdir: string; buildMs: number; bundleRaw: number; bundleGzip: number; modules: string[] };

export function build(n: number): Built {
	const content = corpusDir(n);
	const env = { ...ENV, REELFEED_CONTENT: content };
	const started = process.hrtime.bigint();
	execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], { cwd: ROOT, env, stdio: "inherit" });
	const buildMs = ms(started);
	const outdir = join(OUT, String(n), "bundle");
	rmSync(outdir, { recursive: true, force: true });
	execFileSync(join(BIN, "wrangler"), ["deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT, env, stdio: "ignore" });
	const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
	let bundleRaw = 0;
	let bundleGzip = 0;
	for (const f of modules) {
		const bytes = readFileSync(join(outdir, f));
		bundleRaw += bytes.byteLength;
		bundleGzip += gzipSync(bytes).byteLength;
	}
	return { outdir, buildMs, bundleRaw, bundleGzip, modules };
}

function capnp(built: Built, port: number, basePort: number): string {
	const compat = /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))?.[1];
	// The main module comes first: workerd runs the first module listed.
	const modules = [...built.modules]
		.sort((a, b) => (a === "index.js" ? -1 : b === "index.js" ? 1 : a.localeCompare(b)))
		.map((f) =>
			f === "index.js"
				? `(name = "index.js", esModule = embed "bundle/${f}")`
				: `(name = "${f}", data = embed "bundle/${f}")`,
		)
		.join(",\n      ");
	return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "reelfeed", worker = .reelfeed), (name = "baseline", worker = .baseline) ],
  sockets = [
    (name = "reelfeed", address = "127.0.0.1:${port}", http = (), service = "reelfeed"),
    (name = "baseline", address = "127.0.0.1:${basePort}", http = (), service = "baseline"),
  ],
);
const reelfeed :Workerd.Worker = (
  modules = [
      ${modules}
  ],
  compatibilityDate = "${compat}",
);
const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "baseline.js"), (name = "static.txt", text = embed "static.txt") ],
  compatibilityDate = "${compat}",
);
`;
}

/** Process start to first response of workerd serving only the baseline: the runtime's own start. */
async function runtimeStartMs(dir: string): Promise<number> {
	const port = await freePort();
	const compat = /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))?.[1];
	writeFileSync(
		join(dir, "floor.capnp"),
		`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "baseline", worker = .baseline) ],
  sockets = [ (name = "baseline", address = "127.0.0.1:${port}", http = (), service = "baseline") ],
);
const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "baseline.js"), (name = "static.txt", text = embed "static.txt") ],
  compatibilityDate = "${compat}",
);
`,
	);
	const started = process.hrtime.bigint();
	const child = spawn(workerdBinary(), ["serve", "floor.capnp", "--experimental"], { cwd: dir, stdio: "ignore" });
	try {
		for (;;) {
			try {
				await (await fetch(`http://127.0.0.1:${port}/floor`)).text();
				return ms(started);
			} catch {
				await new Promise((r) => setTimeout(r, 2));
			}
		}
	} finally {
		child.kill("SIGKILL");
	}
}

export type Server = {
	child: ChildProcess;
	url: string;
	base: string;
	startup: { listenMs: number; firstResponseMs: number };
};

export async function serve(dir: string, built: Built, staticBody: string): Promise<Server> {
	writeFileSync(join(dir, "baseline.js"), readFileSync(join(ROOT, "bench/baseline.js")));
	writeFileSync(join(dir, "static.txt"), staticBody);
	const [port, basePort] = [await freePort(), await freePort()];
	writeFileSync(join(dir, "config.capnp"), capnp(built, port, basePort));
	const started = process.hrtime.bigint();
	const child = spawn(workerdBinary(), ["serve", "config.capnp", "--experimental"], {
		cwd: dir,
		stdio: ["ignore", "ignore", "pipe"],
	});
	let stderr = "";
	child.stderr?.on("data", (d) => {
		stderr += d;
	});
	const url = `http://127.0.0.1:${port}`;
	const base = `http://127.0.0.1:${basePort}`;
	let listenMs = 0;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr}`);
		try {
			if (!listenMs) {
				await fetch(`${base}/floor`);
				listenMs = ms(started);
			}
			const res = await fetch(`${url}/feed.xml`);
			await res.arrayBuffer();
			if (res.ok) break;
		} catch {
			await new Promise((r) => setTimeout(r, 2));
		}
		if (ms(started) > 30_000) throw new Error(`workerd did not answer in 30 s: ${stderr}`);
	}
	return { child, url, base, startup: { listenMs, firstResponseMs: ms(started) } };
}

const cpuMs = (pid: number) => {
	const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
};
export const rssMiB = (pid: number) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

type WrkResult = { rps: number; p50: number; requests: number; errors: number };

export function wrk(
	wrkBin: string,
	url: string,
	o: { header?: string; lua?: string; env?: Record<string, string>; connections?: number },
): WrkResult {
	const args = ["-t1", `-c${o.connections ?? CONNECTIONS}`, `-d${DURATION}s`, "--latency"];
	if (o.header) args.push("-H", o.header);
	if (o.lua) args.push("-s", o.lua);
	args.push(url);
	const out = execFileSync(wrkBin, args, { encoding: "utf8", env: { ...process.env, ...o.env } });
	const unit = (v: string, u: string) => Number(v) * (u === "us" ? 0.001 : u === "s" ? 1000 : 1);
	const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(out);
	const errors =
		Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
		Number(
			/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
				.exec(out)
				?.slice(1)
				.reduce((a, b) => a + Number(b), 0) ?? 0,
		);
	return {
		rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
		p50: p50 ? unit(p50[1] as string, p50[2] as string) : Number.NaN,
		requests: Number(/(\d+) requests in/.exec(out)?.[1]),
		errors,
	};
}

type Route = {
	name: string;
	path: string;
	base?: boolean;
	header?: string;
	lua?: string;
	env?: Record<string, string>;
	ratioTo?: string;
};

/** The person or film with the most articles, from the directory API. */
export async function topEntity(
	server: Server,
	what: "people" | "films",
): Promise<{ slug: string; article_count: number }> {
	type Entry = { slug: string; article_count: number; feeds: unknown };
	const list = ((await (await fetch(`${server.url}/api/${what}.json`)).json()) as Record<string, Entry[]>)[what] ?? [];
	return [...list].filter((e) => e.feeds).sort((a, b) => b.article_count - a.article_count)[0] as Entry;
}

async function routesFor(server: Server): Promise<Route[]> {
	const top = (what: "people" | "films") => topEntity(server, what);
	const person = await top("people");
	const film = await top("films");
	const first = await fetch(`${server.url}/feed.json?limit=5`);
	const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
	const etag = (await fetch(`${server.url}/feed.xml`)).headers.get("etag");
	const lua = join(ROOT, "bench/uncached.lua");
	return [
		{ name: "floor (fixed string)", path: "/floor", base: true },
		{ name: "static (feed-sized string)", path: "/static", base: true },
		{ name: "site feed .xml", path: "/feed.xml", ratioTo: "static" },
		{ name: "site feed .atom", path: "/feed.atom", ratioTo: "static" },
		{ name: "site feed .json", path: "/feed.json", ratioTo: "static" },
		{
			name: `heavy person .xml (${person.article_count} articles)`,
			path: `/feed/person/${person.slug}.xml`,
			ratioTo: "static",
		},
		{ name: "heavy person .atom", path: `/feed/person/${person.slug}.atom`, ratioTo: "static" },
		{ name: "heavy person .json", path: `/feed/person/${person.slug}.json`, ratioTo: "static" },
		{
			name: "person + film filter .json",
			path: `/feed.json?person=${person.slug}&film=${film.slug}`,
			ratioTo: "static",
		},
		{
			name: "page 2 .json (limit 5)",
			path: next ? new URL(next).pathname + new URL(next).search : "/feed.json?limit=5",
			ratioTo: "static",
		},
		{ name: "304 revalidation .xml", path: "/feed.xml", header: `If-None-Match: ${etag}`, ratioTo: "floor" },
		{
			name: "uncached render, 20 items .xml",
			path: "",
			lua,
			env: { REELFEED_BENCH_PATH: "/feed.xml" },
			ratioTo: "static",
		},
		{
			name: "uncached render, 100 items .xml",
			path: "",
			lua,
			env: { REELFEED_BENCH_PATH: "/feed.xml", REELFEED_BENCH_SUFFIX: "&limit=100" },
			ratioTo: "static",
		},
	];
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2
		? (s[(s.length - 1) / 2] as number)
		: ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

type CorpusResult = {
	articles: number;
	build: { compileMs: number; bundleRaw: number; bundleGzip: number };
	startup: { runtimeMs: number; listenMs: number; firstResponseMs: number };
	routes: { name: string; rps: number[]; p50: number[]; errors: number; ratio?: number; ratioTo?: string }[];
	cpuPerRender: { items20: number; items100: number; floor: number };
	rssAfterMiB: number;
};

async function runCorpus(n: number, wrkBin: string): Promise<CorpusResult> {
	const dir = join(OUT, String(n));
	mkdirSync(dir, { recursive: true });
	console.log(`\n== ${n} articles: build`);
	const built = build(n);
	// A first process renders the site feed, whose bytes become the static baseline.
	const probe = await serve(dir, built, "");
	const staticBody = await (await fetch(`${probe.url}/feed.xml`)).text();
	probe.child.kill("SIGKILL");
	console.log(`== ${n} articles: serve and measure (${ROUNDS} rounds × ${DURATION} s per route)`);
	const runtimeMs = median([
		await runtimeStartMs(dir),
		await runtimeStartMs(dir),
		await runtimeStartMs(dir),
		await runtimeStartMs(dir),
		await runtimeStartMs(dir),
	]);
	// Cold start: the median of five fresh processes; the last one is then measured.
	const starts: Server["startup"][] = [];
	for (let i = 0; i < 4; i++) {
		const s = await serve(dir, built, staticBody);
		starts.push(s.startup);
		s.child.kill("SIGKILL");
	}
	const server = await serve(dir, built, staticBody);
	starts.push(server.startup);
	const startup = {
		listenMs: median(starts.map((x) => x.listenMs)),
		firstResponseMs: median(starts.map((x) => x.firstResponseMs)),
	};
	const pid = server.child.pid as number;
	try {
		const routes = await routesFor(server);
		const results: CorpusResult["routes"] = routes.map((r) => ({
			name: r.name,
			rps: [],
			p50: [],
			errors: 0,
			...(r.ratioTo ? { ratioTo: r.ratioTo } : {}),
		}));
		for (let round = 0; round < ROUNDS; round++) {
			routes.forEach((route, i) => {
				const target = (route.base ? server.base : server.url) + route.path;
				const w = wrk(wrkBin, target, {
					...(route.header ? { header: route.header } : {}),
					...(route.lua ? { lua: route.lua } : {}),
					...(route.env ? { env: route.env } : {}),
				});
				const result = results[i] as CorpusResult["routes"][number];
				result.rps.push(w.rps);
				result.p50.push(w.p50);
				result.errors += route.header ? 0 : w.errors;
			});
		}
		const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
		for (const r of results) {
			const base = r.ratioTo && byName(r.ratioTo);
			if (base) r.ratio = median(r.rps) / median(base.rps);
		}
		// CPU per uncached render: workerd's own CPU time (utime + stime) over requests, one connection.
		const cpu = (suffix: string) => {
			const before = cpuMs(pid);
			const w = wrk(wrkBin, server.url, {
				lua: join(ROOT, "bench/uncached.lua"),
				env: { REELFEED_BENCH_PATH: "/feed.xml", REELFEED_BENCH_SUFFIX: suffix },
				connections: 1,
			});
			return (cpuMs(pid) - before) / w.requests;
		};
		const floorCpu = (() => {
			const before = cpuMs(pid);
			const w = wrk(wrkBin, `${server.base}/floor`, { connections: 1 });
			return (cpuMs(pid) - before) / w.requests;
		})();
		const cpuPerRender = { items20: cpu(""), items100: cpu("&limit=100"), floor: floorCpu };
		return {
			articles: n,
			build: { compileMs: built.buildMs, bundleRaw: built.bundleRaw, bundleGzip: built.bundleGzip },
			startup: { runtimeMs, ...startup },
			routes: results,
			cpuPerRender,
			rssAfterMiB: rssMiB(pid),
		};
	} finally {
		server.child.kill("SIGKILL");
	}
}

const fmt = (x: number, digits = 0) =>
	x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(results: CorpusResult[]): string {
	const lines: string[] = [];
	const head = results.map((r) => `${fmt(r.articles)} articles: req/s median [min–max] · ratio · p50 ms`);
	lines.push(`| route | ${head.join(" | ")} |`, `| --- | ${results.map(() => "---").join(" | ")} |`);
	for (const [i, route] of (results[0]?.routes ?? []).entries()) {
		const cells = results.map((r) => {
			const x = r.routes[i] as CorpusResult["routes"][number];
			const ratio = x.ratio === undefined ? "" : ` · ${x.ratio.toFixed(2)}× ${x.ratioTo}`;
			return `${fmt(median(x.rps))} [${fmt(Math.min(...x.rps))}–${fmt(Math.max(...x.rps))}]${ratio} · ${median(x.p50).toFixed(2)}${x.errors ? ` · ${x.errors} errors` : ""}`;
		});
		lines.push(`| ${route.name.replace(/\(\d+ articles\)/, "")} | ${cells.join(" | ")} |`);
	}
	const row = (name: string, f: (r: CorpusResult) => string) =>
		lines.push(`| ${name} | ${results.map(f).join(" | ")} |`);
	row(
		"workerd CPU per request, floor route (HTTP and runtime overhead)",
		(r) => `${r.cpuPerRender.floor.toFixed(3)} ms`,
	);
	row(
		"CPU per uncached render, 20 items, request total · net of floor (target ≤ 1 ms)",
		(r) => `${r.cpuPerRender.items20.toFixed(2)} ms · ${(r.cpuPerRender.items20 - r.cpuPerRender.floor).toFixed(2)} ms`,
	);
	row(
		"CPU per uncached render, 100 items, request total · net of floor (target ≤ 4 ms)",
		(r) =>
			`${r.cpuPerRender.items100.toFixed(2)} ms · ${(r.cpuPerRender.items100 - r.cpuPerRender.floor).toFixed(2)} ms`,
	);
	row(
		"cold start: workerd alone (a trivial worker), process start → first response",
		(r) => `${r.startup.runtimeMs.toFixed(0)} ms`,
	);
	row("cold start: process start → listening (reelfeed loaded)", (r) => `${r.startup.listenMs.toFixed(0)} ms`);
	row(
		"cold start: process start → first feed response (target ≤ 100 ms at 10,000)",
		(r) => `${r.startup.firstResponseMs.toFixed(0)} ms`,
	);
	row("bundle, raw / gzipped", (r) => `${fmt(r.build.bundleRaw / 1024)} KiB / ${fmt(r.build.bundleGzip / 1024)} KiB`);
	row("content compiler build time", (r) => `${fmt(r.build.compileMs)} ms`);
	row("workerd memory (RSS) after the run", (r) => `${r.rssAfterMiB.toFixed(0)} MiB`);
	const small = results[0];
	const large = results.at(-1);
	if (small && large && large !== small) {
		const growth = large.routes.map(
			(x, i) =>
				`${x.name.replace(/\(\d+ articles\)/, "").trim()} ${(median(x.p50) / median((small.routes[i] as CorpusResult["routes"][number]).p50)).toFixed(2)}×`,
		);
		lines.push(
			"",
			`p50 growth, ${fmt(large.articles)} vs ${fmt(small.articles)} articles (target ≤ 1.1×): ${growth.join("; ")}`,
		);
	}
	return lines.join("\n");
}

async function main() {
	const wrkBin = ensureWrk();
	const results: CorpusResult[] = [];
	for (const n of CORPORA) results.push(await runCorpus(n, wrkBin));
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, ${execFileSync(workerdBinary(), ["--version"], { encoding: "utf8" }).trim()}, wrk -t1 -c${CONNECTIONS} -d${DURATION}s × ${ROUNDS} rounds (interleaved)`;
	const report = `${new Date().toISOString().slice(0, 10)} · ${machine}\n\n${table(results)}`;
	console.log(`\n${report}\n`);
	mkdirSync(OUT, { recursive: true });
	writeFileSync(join(OUT, "results.json"), JSON.stringify({ machine, results }, null, 2));
	writeFileSync(join(OUT, "results.md"), `${report}\n`);
	const failed = results.flatMap((r) => r.routes.filter((x) => x.errors > 0).map((x) => `${r.articles}: ${x.name}`));
	if (failed.length) {
		console.error(`errors in: ${failed.join(", ")}`);
		process.exitCode = 1;
	}
	// The build above compiled a generated corpus into src/: put the real content back.
	execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], {
		cwd: ROOT,
		env: { ...ENV, REELFEED_CONTENT: join(ROOT, "content") },
	});
}

if (import.meta.main) await main();
