/**
 * The benchmark: builds the Worker as `wrangler deploy` does, serves it with `workerd serve` (a
 * capnp config, no wrangler in the measured path) beside two baselines in the same process, drives
 * it with wrk from a second process on loopback, and prints one table. See BENCHMARKS.md.
 *
 *   npm run bench                      3 corpora (3, 1,000, 10,000 articles), 9 rounds, runs of 1 s
 *   npm run bench -- --smoke           the real content only, 1 round of 1 s: proves it works
 *   npm run bench -- --corpora 3,1000 --rounds 5 --duration 5 --connections 16
 *   npm run bench -- --report          the last run's table again, from bench/out/results.json
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { openRecords } from "../src/content/records.ts";
import { PATHOLOGICAL } from "../test/pathological.ts";
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
		report: { type: "boolean", default: false },
	},
});
const CORPORA = (opts.corpora ?? (opts.smoke ? "3" : "3,1000,10000")).split(",").map(Number);
const ROUNDS = Number(opts.rounds ?? (opts.smoke ? 1 : 9));
const DURATION = Number(opts.duration ?? 1);
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
	const env = { ...ENV, REELFEED_CONTENT: content, REELFEED_DRY_RUN: "1" };
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

/** One corpus in a capnp config: its bundle and its baselines, each on its own port. */
type Site = { label: string; built: Built; port: number; basePort: number; prefix: string };

const wranglerToml = () => readFileSync(join(ROOT, "wrangler.toml"), "utf8");
const compatDate = () => /^compatibility_date\s*=\s*"([^"]+)"/m.exec(wranglerToml())?.[1];
/** The deployed Worker's compatibility flags, as a capnp list (a TOML array of strings reads as one). */
const compatFlags = () => /^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(wranglerToml())?.[1] ?? "[]";

/**
 * A workerd config serving each corpus's reelfeed bundle and its baseline worker; `prefix` is the
 * corpus's folder relative to the config file. One process serves them all.
 */
function capnp(sites: Site[]): string {
	const services: string[] = [];
	const sockets: string[] = [];
	const workers: string[] = [];
	for (const { label: n, built, port, basePort, prefix } of sites) {
		// The main module comes first: workerd runs the first module listed.
		const modules = [...built.modules]
			.sort((a, b) => (a === "index.js" ? -1 : b === "index.js" ? 1 : a.localeCompare(b)))
			.map((f) =>
				f === "index.js"
					? `(name = "index.js", esModule = embed "${prefix}bundle/${f}")`
					: `(name = "${f}", data = embed "${prefix}bundle/${f}")`,
			)
			.join(",\n      ");
		services.push(`(name = "reelfeed${n}", worker = .reelfeed${n})`, `(name = "baseline${n}", worker = .baseline${n})`);
		sockets.push(
			`(name = "reelfeed${n}", address = "127.0.0.1:${port}", http = (), service = "reelfeed${n}")`,
			`(name = "baseline${n}", address = "127.0.0.1:${basePort}", http = (), service = "baseline${n}")`,
		);
		workers.push(`const reelfeed${n} :Workerd.Worker = (
  modules = [
      ${modules}
  ],
  compatibilityDate = "${compatDate()}",
  compatibilityFlags = ${compatFlags()},
);
const baseline${n} :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "${prefix}baseline.js"), (name = "statics.json", json = embed "${prefix}statics.json") ],
  compatibilityDate = "${compatDate()}",
);`);
	}
	return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(", ")} ],
  sockets = [
    ${sockets.join(",\n    ")},
  ],
);
${workers.join("\n")}
`;
}

/** Process start to first response of workerd serving only the baseline: the runtime's own start. */
async function runtimeStartMs(dir: string): Promise<number> {
	const port = await freePort();
	const compat = compatDate();
	writeFileSync(
		join(dir, "floor.capnp"),
		`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "baseline", worker = .baseline) ],
  sockets = [ (name = "baseline", address = "127.0.0.1:${port}", http = (), service = "baseline") ],
);
const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "baseline.js"), (name = "statics.json", json = embed "floor-statics.json") ],
  compatibilityDate = "${compat}",
);
`,
	);
	// No static copies: this is the runtime's own start.
	writeFileSync(join(dir, "floor-statics.json"), "{}");
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

/** Where a corpus is served: reelfeed, and its baselines (/floor, /static). */
type Endpoints = { url: string; base: string };

export type Server = Endpoints & {
	child: ChildProcess;
	/**
	 * Wall time from process start to the first response to `firstPath`; with `probe`, also to
	 * listening, and the CPU of the process while it answered that first request.
	 */
	startup: { firstResponseMs: number; listenMs?: number; firstRequestCpuMs?: number };
};

export type StartOptions = {
	/** The first request, the site feed unless said otherwise. */
	firstPath?: string;
	/**
	 * Wait for the baseline's /floor (listening) and read workerd's CPU around the first request.
	 * Those steps take time of their own, so a cold start is timed without them, in other processes.
	 */
	probe?: boolean;
};

/** Starts workerd on a config (text, or binary with `--binary`) and waits until every site answers. */
async function start(dir: string, config: string[], sites: Endpoints[], o: StartOptions = {}) {
	const firstPath = o.firstPath ?? "/feed.xml";
	const started = process.hrtime.bigint();
	const child = spawn(workerdBinary(), ["serve", ...config, "--experimental"], {
		cwd: dir,
		stdio: ["ignore", "ignore", "pipe"],
	});
	let stderr = "";
	child.stderr?.on("data", (d) => {
		stderr += d;
	});
	const startup: Server["startup"] = { firstResponseMs: 0 };
	for (const { url, base } of sites) {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr}`);
			try {
				let cpuBefore = 0;
				if (o.probe) {
					if (startup.listenMs === undefined) {
						await fetch(`${base}/floor`);
						startup.listenMs = ms(started);
					}
					cpuBefore = cpuNs(child.pid as number);
				}
				const res = await fetch(`${url}${firstPath}`);
				await res.arrayBuffer();
				if (res.ok) {
					if (o.probe) startup.firstRequestCpuMs ??= (cpuNs(child.pid as number) - cpuBefore) / 1e6;
					break;
				}
			} catch {
				await new Promise((r) => setTimeout(r, 2));
			}
			if (ms(started) > 60_000) throw new Error(`workerd did not answer in 60 s: ${stderr}`);
		}
	}
	startup.firstResponseMs = ms(started);
	return { child, startup };
}

/** What a /static/… baseline answers: a response of reelfeed's, body and headers, copied. */
export type StaticFile = { body: string; headers: Record<string, string> };
/** The static copies a corpus's baseline worker serves, by path. */
export type Statics = Record<string, StaticFile>;

/** Headers that describe the connection or the encoding rather than the resource. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date"]);

async function staticCopy(url: string): Promise<StaticFile> {
	const res = await fetch(url);
	const headers: Record<string, string> = {};
	res.headers.forEach((value, name) => {
		if (!HOP.has(name)) headers[name] = value;
	});
	return { body: await res.text(), headers };
}

/**
 * One corpus's reelfeed and baselines in a fresh workerd process (cold starts, the soak). With
 * `binary`, from the config compiled to a binary message (`workerd compile --config-only`), as
 * tooling that generates configs is advised to: the text format's parsing of embedded modules
 * (about 17 million instructions a MiB) is then left out.
 */
export async function serve(
	dir: string,
	built: Built,
	statics: Statics,
	o: StartOptions & { binary?: boolean } = {},
): Promise<Server> {
	writeFileSync(join(dir, "baseline.js"), readFileSync(join(ROOT, "bench/baseline.js")));
	writeFileSync(join(dir, "statics.json"), JSON.stringify(statics));
	const [port, basePort] = [await freePort(), await freePort()];
	writeFileSync(join(dir, "config.capnp"), capnp([{ label: "", built, port, basePort, prefix: "" }]));
	if (o.binary) {
		const binary = execFileSync(workerdBinary(), ["compile", "--config-only", "config.capnp", "config"], {
			cwd: dir,
			maxBuffer: 1 << 28,
		});
		writeFileSync(join(dir, "config.bin"), binary);
	}
	const url = `http://127.0.0.1:${port}`;
	const base = `http://127.0.0.1:${basePort}`;
	const config = o.binary ? ["--binary", "config.bin"] : ["config.capnp"];
	const { child, startup } = await start(dir, config, [{ url, base }], o);
	return { child, url, base, startup };
}

/**
 * Every corpus in one workerd process, each on its own sockets beside its own baselines: the
 * throughput rounds run here, so corpora are compared side by side, in the same process and
 * the same minutes, as routes are compared with their baselines.
 */
async function serveAll(corpora: { n: number; built: Built }[]) {
	const sites: Site[] = [];
	for (const { n, built } of corpora) {
		sites.push({ label: String(n), built, port: await freePort(), basePort: await freePort(), prefix: `${n}/` });
	}
	writeFileSync(join(OUT, "all.capnp"), capnp(sites));
	const urls = sites.map((s) => ({ url: `http://127.0.0.1:${s.port}`, base: `http://127.0.0.1:${s.basePort}` }));
	const { child } = await start(OUT, ["all.capnp"], urls);
	return { child, servers: urls };
}

/**
 * CPU time of every thread of a process, in nanoseconds (schedstat): precise enough for one
 * request, where `utime + stime` counts 10 ms ticks. workerd keeps a fixed set of threads, so none
 * exits with its time between two readings; one that did would be skipped.
 */
const cpuNs = (pid: number) =>
	readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
		try {
			return sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
		} catch {
			return sum;
		}
	}, 0);
export const rssMiB = (pid: number) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

type WrkResult = { rps: number; p50: number; requests: number; errors: number };

export function wrk(
	wrkBin: string,
	url: string,
	o: { header?: string; lua?: string; env?: Record<string, string>; connections?: number; seconds?: number },
): WrkResult {
	const args = ["-t1", `-c${o.connections ?? CONNECTIONS}`, `-d${o.seconds ?? DURATION}s`, "--latency"];
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
	/** Served by the baseline worker; `copyOf` for a static copy of the reelfeed route at that path. */
	base?: boolean;
	copyOf?: string;
	header?: string;
	lua?: string;
	env?: Record<string, string>;
	ratioTo?: string;
};

/** The person or film with the most articles, from the directory API. */
export async function topEntity(
	server: Pick<Endpoints, "url">,
	what: "people" | "films",
): Promise<{ slug: string; article_count: number }> {
	type Entry = { slug: string; article_count: number; feeds: unknown };
	const list = ((await (await fetch(`${server.url}/api/${what}.json`)).json()) as Record<string, Entry[]>)[what] ?? [];
	return [...list].filter((e) => e.feeds).sort((a, b) => b.article_count - a.article_count)[0] as Entry;
}

async function routesFor(server: Endpoints): Promise<Route[]> {
	const top = (what: "people" | "films") => topEntity(server, what);
	const person = await top("people");
	const film = await top("films");
	const first = await fetch(`${server.url}/feed.json?limit=5`);
	const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
	const etag = (await fetch(`${server.url}/feed.xml`)).headers.get("etag");
	const revalidated = await fetch(`${server.url}/feed.xml`, { headers: { "if-none-match": `${etag}` } });
	if (revalidated.status !== 304) throw new Error(`the 304 route answered ${revalidated.status}`);
	const lua = join(ROOT, "bench/uncached.lua");
	/** Warm feeds, each right after a static copy of its own response (body and headers), and compared with it. */
	const warm = (
		[
			{ name: "site feed .xml", path: "/feed.xml" },
			{ name: "site feed .atom", path: "/feed.atom" },
			{ name: "site feed .json", path: "/feed.json" },
			{ name: `heavy person .xml (${person.article_count} articles)`, path: `/feed/person/${person.slug}.xml` },
			{ name: "heavy person .atom", path: `/feed/person/${person.slug}.atom` },
			{ name: "heavy person .json", path: `/feed/person/${person.slug}.json` },
			{ name: "person + film filter .json", path: `/feed.json?person=${person.slug}&film=${film.slug}` },
			{
				name: "page 2 .json (limit 5)",
				path: next ? new URL(next).pathname + new URL(next).search : "/feed.json?limit=5",
			},
		] satisfies Route[]
	).flatMap((route, k): Route[] => {
		const copy = `static copy: ${route.name}`;
		return [
			{ name: copy, path: `/static/${k}`, base: true, copyOf: route.path },
			{ ...route, ratioTo: copy },
		];
	});
	return [
		// Each route runs next to what it is compared with: the 304 beside the floor.
		{ name: "floor (fixed string)", path: "/floor", base: true },
		{ name: "304 revalidation .xml", path: "/feed.xml", header: `If-None-Match: ${etag}`, ratioTo: "floor" },
		...warm,
		// An A/A control: the site feed's static copy against itself, run as the feeds are. Its
		// ratio would be 1.00 on a steady machine; how far it lands from 1 is how far a feed's
		// ratio can land from its true value in one run.
		{ name: "A/A control: copy", path: "/static/0", base: true },
		{ name: "A/A control: copy again", path: "/static/0", base: true, ratioTo: "A/A control: copy" },
		{
			name: "uncached render, 20 items .xml",
			path: "",
			lua,
			env: { REELFEED_BENCH_PATH: "/feed.xml" },
			ratioTo: "static copy: site feed .xml",
		},
		{
			name: "uncached render, 100 items .xml",
			path: "",
			lua,
			env: { REELFEED_BENCH_PATH: "/feed.xml", REELFEED_BENCH_SUFFIX: "&limit=100" },
			ratioTo: "static copy: site feed .xml",
		},
	];
}

/**
 * The median over rounds of a figure's ratio to another measured in the same round, seconds
 * apart: drift between rounds (this machine's speed varies by 2× over minutes) cancels out, where
 * a ratio of two medians would mix rounds.
 */
const pairedRatio = (xs: number[], bases: number[]) => median(xs.map((x, i) => x / (bases[i] as number)));

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2
		? (s[(s.length - 1) / 2] as number)
		: ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

type CorpusResult = {
	articles: number;
	build: { compileMs: number; bundleRaw: number; bundleGzip: number };
	startup: {
		runtimeMs: number;
		listenMs: number;
		firstResponseMs: number;
		binaryFirstResponseMs: number;
		firstRequestCpuMs: { items20: number; items100: number };
	};
	routes: { name: string; rps: number[]; p50: number[]; errors: number; ratio?: number; ratioTo?: string }[];
	cpuPerRender: { items20: number; items100: number; floor: number };
	/** CPU per request with the worst input a client can send to a parser, next to an ordinary one. */
	hostile: HostileCpu[];
	/** workerd's RSS in a process of this corpus alone, after one pass over its routes. */
	rssAloneMiB: number;
};

type Prepared = Omit<CorpusResult, "routes"> & { built: Built };

/** Builds a corpus, and measures what needs a process of its own: cold start, CPU and memory. */
async function prepare(n: number, wrkBin: string): Promise<Prepared> {
	const dir = join(OUT, String(n));
	mkdirSync(dir, { recursive: true });
	console.log(`\n== ${n} articles: build, cold start, CPU, memory`);
	const built = build(n);
	// A first process renders the site feed, whose bytes become the static baseline.
	const probe = await serve(dir, built, {});
	const statics: Statics = {};
	for (const route of await routesFor(probe)) {
		if (route.copyOf) statics[route.path] = await staticCopy(`${probe.url}${route.copyOf}`);
	}
	probe.child.kill("SIGKILL");
	const runtime: number[] = [];
	for (let i = 0; i < 5; i++) runtime.push(await runtimeStartMs(dir));
	/** Medians over fresh processes, each killed once it has answered its first feed request. */
	const fresh = async (count: number, o: Parameters<typeof serve>[3] = {}) => {
		const startups: Server["startup"][] = [];
		for (let i = 0; i < count; i++) {
			// Without the static copies, which load with the baseline worker in the same process:
			// they would add their own start (40 million instructions at 10,000 articles) to reelfeed's.
			const s = await serve(dir, built, {}, o);
			startups.push(s.startup);
			s.child.kill("SIGKILL");
		}
		const of = (f: (x: Server["startup"]) => number | undefined) =>
			median(startups.map(f).filter((x) => x !== undefined));
		return {
			listenMs: of((x) => x.listenMs),
			firstResponseMs: of((x) => x.firstResponseMs),
			firstRequestCpuMs: of((x) => x.firstRequestCpuMs),
		};
	};
	// Cold start: nine fresh processes, timed to the first site feed alone; then, in others,
	// listening and the CPU of that first request (20 items, and 100), every item rendered for the
	// first time; and the cold start from a binary config.
	const cold = await fresh(9);
	const probed = await fresh(5, { probe: true });
	const first100 = await fresh(5, { probe: true, firstPath: "/feed.xml?limit=100" });
	const binary = await fresh(5, { binary: true });
	// A last process takes one pass of load, then the CPU and memory measurements.
	const server = await serve(dir, built, statics);
	try {
		for (const route of await routesFor(server)) runRoute(wrkBin, server, route, 1);
		const cpuPerRender = cpuPerRequest(wrkBin, server, sinceFile(n, dir));
		const hostile = hostileCpu(wrkBin, server);
		return {
			articles: n,
			built,
			build: { compileMs: built.buildMs, bundleRaw: built.bundleRaw, bundleGzip: built.bundleGzip },
			startup: {
				runtimeMs: median(runtime),
				listenMs: probed.listenMs,
				firstResponseMs: cold.firstResponseMs,
				binaryFirstResponseMs: binary.firstResponseMs,
				firstRequestCpuMs: { items20: probed.firstRequestCpuMs, items100: first100.firstRequestCpuMs },
			},
			cpuPerRender,
			hostile,
			rssAloneMiB: rssMiB(server.child.pid as number),
		};
	} finally {
		server.child.kill("SIGKILL");
	}
}

/**
 * The `since` values that make every request of the uncached rounds a new canonical URL with the
 * same items: a feed is cut at the latest update at or before `since` (src/feeds/select.ts), so
 * each distinct update older than the 101 newest articles is its own URL, and its first 20 or 100
 * items are the newest ones. Written one per line for bench/uncached.lua; undefined when the
 * corpus is too small to have any (the 3 real articles), where the script varies the origin.
 */
function sinceFile(n: number, dir: string): string | undefined {
	const compiled = readFileSync(join(ROOT, "src/content/compiled.js"), "utf8");
	const headBytes = Number(/headBytes = (\d+)/.exec(compiled)?.[1]);
	const { articles, updates } = openRecords(readFileSync(join(ROOT, "src/content/compiled-records.bin")), headBytes);
	const newest = Array.from({ length: Math.min(101, articles.length) }, (_, i) => articles.at(i)?.updated as string);
	const oldestOfNewest = newest.sort()[0] ?? "";
	const usable = updates().filter((u) => u < oldestOfNewest);
	// The memo holds a few hundred 20-item feeds at most (8 MiB): cycling through more URLs than that,
	// in order, misses it every time.
	if (usable.length < 500) return undefined;
	const file = join(dir, "since.txt");
	writeFileSync(file, `${usable.join("\n")}\n`);
	console.log(`  uncached renders: ${fmt(usable.length)} since values, one canonical URL each (${n} articles)`);
	return file;
}

/**
 * CPU per request from workerd's own accounting (`cpuNs`, all its threads) over a
 * one-connection run: uncached renders of 20 and 100 items, and the floor route. Measured in a
 * process serving this corpus alone, as production runs one Worker per isolate.
 */
function cpuPerRequest(wrkBin: string, server: Server, since: string | undefined): CorpusResult["cpuPerRender"] {
	const cpu = (url: string, o: Parameters<typeof wrk>[2]) => cpuPer(wrkBin, server, url, o);
	const uncached = (suffix: string) =>
		cpu(server.url, {
			lua: join(ROOT, "bench/uncached.lua"),
			env: {
				REELFEED_BENCH_PATH: "/feed.xml",
				REELFEED_BENCH_SUFFIX: suffix,
				...(since ? { REELFEED_BENCH_SINCE_FILE: since } : {}),
			},
		});
	return { items20: uncached(""), items100: uncached("&limit=100"), floor: cpu(`${server.base}/floor`, {}) };
}

/** workerd's CPU per request over a one-connection wrk run. */
function cpuPer(wrkBin: string, server: Server, url: string, o: Parameters<typeof wrk>[2]): number {
	const pid = server.child.pid as number;
	const before = cpuNs(pid);
	const w = wrk(wrkBin, url, { ...o, connections: 1 });
	return (cpuNs(pid) - before) / 1e6 / w.requests;
}

/** A B B A runs per hostile value: one in a smoke run, two (eight seconds) in a full one. */
const HOSTILE_REPS = opts.smoke ? 1 : 2;

export type HostileCpu = {
	name: string;
	normalMs: number;
	worstMs: number;
	worst: string;
	/** The same two inputs sent to a trivial worker (the floor) in the same process: the runtime's own cost. */
	floorNormalMs: number;
	floorWorstMs: number;
};

/**
 * Each parser of request input, fed an ordinary value and then each of the worst a client can send
 * (test/pathological.ts) on the same route, answered the same way: the CPU per request of the
 * ordinary one and of the worst, run A B B A. Target: the worst within 1.2× the ordinary.
 */
export function hostileCpu(wrkBin: string, server: Server): HostileCpu[] {
	const cases: { name: string; path: (v: string) => string; header?: string; normal: string; worst: string[] }[] = [
		{
			name: "an 8 KB header no parser reads (X-Padding), /feed.xml (200): what its size alone costs",
			path: () => "/feed.xml",
			header: "X-Padding",
			normal: "x",
			worst: [`x${"a".repeat(7998)}x`],
		},
		{
			name: "If-None-Match, /feed.xml (200)",
			path: () => "/feed.xml",
			header: "If-None-Match",
			normal: '"an-old-etag-of-22-chars"',
			worst: PATHOLOGICAL.ifNoneMatch,
		},
		{
			name: "If-Modified-Since, /feed.xml (200)",
			path: () => "/feed.xml",
			header: "If-Modified-Since",
			normal: "Thu, 01 Jan 2015 00:00:00 GMT",
			worst: PATHOLOGICAL.ifModifiedSince,
		},
		{
			name: "Accept, /feed (302)",
			path: () => "/feed",
			header: "Accept",
			normal: "application/atom+xml, application/rss+xml;q=0.9, */*;q=0.1",
			worst: PATHOLOGICAL.accept,
		},
		{ name: "path, to its canonical form (301)", path: (v) => v, normal: "/FEED.XML/", worst: PATHOLOGICAL.path },
		{
			name: "path naming nothing (404 page)",
			path: (v) => v,
			normal: "/people/joe-rusoo",
			worst: PATHOLOGICAL.missing,
		},
		{
			name: "query, /feed.json (400)",
			path: (v) => `/feed.json${v}`,
			normal: "?person=jon-russo&since=yesterday",
			worst: PATHOLOGICAL.query,
		},
	];
	const rows: HostileCpu[] = [];
	for (const c of cases) {
		const run = (value: string) =>
			cpuPer(wrkBin, server, `${server.url}${c.path(value)}`, c.header ? { header: `${c.header}: ${value}` } : {});
		// The runtime's share: the baseline worker, which answers any path but its own with a short
		// 404 and reads no header, given the same bytes.
		const floor = (value: string) =>
			cpuPer(wrkBin, server, `${server.base}${c.path(value)}`, c.header ? { header: `${c.header}: ${value}` } : {});
		let worst: HostileCpu | undefined;
		for (const value of c.worst) {
			// A B B A, the ordinary value and this one in the same seconds, repeated; medians of each.
			const ordinary: number[] = [];
			const hostile: number[] = [];
			for (let rep = 0; rep < HOSTILE_REPS; rep++) {
				ordinary.push(run(c.normal));
				hostile.push(run(value), run(value));
				ordinary.push(run(c.normal));
			}
			const row = {
				name: c.name,
				normalMs: median(ordinary),
				worstMs: median(hostile),
				worst: JSON.stringify(value.slice(0, 24)),
				floorNormalMs: 0,
				floorWorstMs: 0,
			};
			if (!worst || row.worstMs / row.normalMs > worst.worstMs / worst.normalMs)
				worst = { ...row, value } as HostileCpu;
		}
		if (worst) {
			const value = (worst as HostileCpu & { value: string }).value;
			const a = [floor(c.normal), floor(value), floor(value), floor(c.normal)];
			worst.floorNormalMs = ((a[0] as number) + (a[3] as number)) / 2;
			worst.floorWorstMs = ((a[1] as number) + (a[2] as number)) / 2;
			delete (worst as Partial<HostileCpu & { value: string }>).value;
			rows.push(worst);
		}
	}
	return rows;
}

function runRoute(wrkBin: string, server: Endpoints, route: Route, seconds?: number): WrkResult {
	return wrk(wrkBin, (route.base ? server.base : server.url) + route.path, {
		...(route.header ? { header: route.header } : {}),
		...(route.lua ? { lua: route.lua } : {}),
		...(route.env ? { env: route.env } : {}),
		...(seconds ? { seconds } : {}),
	});
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The order of a round: each route compared with a baseline measured with it, as a pair of
 * indices (the baseline first, as the route list has it), every other route alone.
 */
function pairs(routes: Route[]): number[][] {
	const steps: number[][] = [];
	for (let i = 0; i < routes.length; i++) {
		const next = routes[i + 1];
		if (next?.ratioTo && routes[i]?.name.startsWith(next.ratioTo)) steps.push([i, ++i]);
		else steps.push([i]);
	}
	return steps;
}

/**
 * The throughput rounds, every corpus in one workerd process. Within a round, each route runs
 * with its baseline (A B B A) for every corpus back to back, in an order that rotates from round
 * to round, so a route's growth from one corpus to another is measured side by side, as its ratio
 * to a baseline is.
 */
async function measure(prepared: Prepared[], wrkBin: string): Promise<{ results: CorpusResult[]; rssMiB: number }> {
	console.log(
		`\n== ${prepared.map((p) => fmt(p.articles)).join(", ")} articles in one process: ${ROUNDS} rounds; runs of ${DURATION} s, each route and its baseline as A B B A`,
	);
	const { child, servers } = await serveAll(prepared.map((p) => ({ n: p.articles, built: p.built })));
	const pid = child.pid as number;
	try {
		const routes = await Promise.all(servers.map((server) => routesFor(server)));
		const results = prepared.map((p, c) => ({
			...p,
			routes: (routes[c] as Route[]).map((r): CorpusResult["routes"][number] => ({
				name: r.name,
				rps: [],
				p50: [],
				errors: 0,
				...(r.ratioTo ? { ratioTo: r.ratioTo } : {}),
			})),
		}));
		const steps = pairs(routes[0] ?? []);
		for (let round = 0; round < ROUNDS; round++) {
			const order = prepared.map((_, c) => (c + round) % prepared.length);
			// A round ends with the uncached renders, whose garbage V8 is still collecting when the
			// next begins: a second of the floor per corpus, not counted, lets that settle before
			// the floor (and the 304 beside it) are measured.
			for (const c of order) runRoute(wrkBin, servers[c] as Endpoints, routes[c]?.[0] as Route, 1);
			for (const step of steps) {
				for (const c of order) {
					// A route and its baseline as A B B A: each figure is the mean of two runs
					// around the same instant, so a drift in the machine's speed over those seconds
					// cancels out of their ratio, where A B would give it all to one side.
					const runs = step.length === 2 ? [step[0], step[1], step[1], step[0]] : step;
					const seen = new Map<number, WrkResult[]>();
					for (const i of runs as number[]) {
						const w = runRoute(wrkBin, servers[c] as Endpoints, routes[c]?.[i] as Route);
						seen.set(i, [...(seen.get(i) ?? []), w]);
					}
					for (const [i, ws] of seen) {
						const result = results[c]?.routes[i] as CorpusResult["routes"][number];
						result.rps.push(mean(ws.map((w) => w.rps)));
						result.p50.push(mean(ws.map((w) => w.p50)));
						result.errors += ws.reduce((sum, w) => sum + w.errors, 0);
					}
				}
			}
		}
		const out: CorpusResult[] = [];
		for (const r of results) {
			const byName = (prefix: string) => r.routes.find((x) => x.name.startsWith(prefix));
			for (const x of r.routes) {
				const base = x.ratioTo && byName(x.ratioTo);
				if (base) x.ratio = pairedRatio(x.rps, base.rps);
			}
			const { built: _, ...rest } = r;
			out.push(rest);
		}
		return { results: out, rssMiB: rssMiB(pid) };
	} finally {
		child.kill("SIGKILL");
	}
}

/** A warm feed compared with a static copy of its own response. */
const againstOwnCopy = (x: { name: string; ratioTo?: string }) => x.ratioTo === `static copy: ${x.name}`;

/** Per round, each warm feed's throughput over its own static copy's, for every warm feed of a corpus. */
const warmRatios = (r: CorpusResult) =>
	r.routes.flatMap((x) => {
		const copy = r.routes.find((c) => c.name === x.ratioTo);
		return copy && againstOwnCopy(x) ? x.rps.map((v, k) => v / (copy.rps[k] as number)) : [];
	});

const fmt = (x: number, digits = 0) =>
	x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtMiB = (x: number) => `${x.toFixed(0)} MiB`;

function table(results: CorpusResult[], rssAll: number): string {
	const lines: string[] = [];
	const head = results.map((r) => `${fmt(r.articles)} articles: req/s median [min–max] · ratio · p50 ms`);
	lines.push(`| route | ${head.join(" | ")} |`, `| --- | ${results.map(() => "---").join(" | ")} |`);
	for (const [i, route] of (results[0]?.routes ?? []).entries()) {
		const cells = results.map((r) => {
			const x = r.routes[i] as CorpusResult["routes"][number];
			const against = x.ratioTo?.startsWith("static copy: ")
				? againstOwnCopy(x)
					? "copy"
					: `copy of ${x.ratioTo.slice("static copy: ".length)}`
				: x.ratioTo;
			const ratio = x.ratio === undefined ? "" : ` · ${x.ratio.toFixed(2)}× ${against}`;
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
	for (const [i, h] of (results[0]?.hostile ?? []).entries()) {
		row(`CPU per request with the worst input a client can send: ${h.name} · ordinary → worst (target ≤ 1.2×)`, (r) => {
			const x = r.hostile?.[i];
			if (!x) return "";
			// What reelfeed's own code adds: its extra CPU over the runtime's extra for the same bytes.
			const ours = (x.worstMs - x.normalMs - (x.floorWorstMs - x.floorNormalMs)) / x.normalMs;
			return `${x.normalMs.toFixed(3)} → ${x.worstMs.toFixed(3)} ms · ${(x.worstMs / x.normalMs).toFixed(2)}× (${x.worst}…); the runtime alone ${x.floorNormalMs.toFixed(3)} → ${x.floorWorstMs.toFixed(3)} ms; reelfeed's own share ${(1 + ours).toFixed(2)}×`;
		});
	}
	row(
		"cold start: workerd alone (a trivial worker), process start → first response",
		(r) => `${r.startup.runtimeMs.toFixed(0)} ms`,
	);
	row("cold start: process start → listening (reelfeed loaded)", (r) => `${r.startup.listenMs.toFixed(0)} ms`);
	row(
		"cold start: process start → first feed response (target ≤ 100 ms at 10,000)",
		(r) => `${r.startup.firstResponseMs.toFixed(0)} ms`,
	);
	row(
		"cold start from a binary config (no parsing of the text config's embedded modules) → first feed response",
		(r) => `${r.startup.binaryFirstResponseMs.toFixed(0)} ms`,
	);
	row(
		"CPU of a fresh isolate's first feed request, every item rendered for the first time: 20 items · 100 items .xml",
		(r) =>
			`${r.startup.firstRequestCpuMs.items20.toFixed(1)} ms · ${r.startup.firstRequestCpuMs.items100.toFixed(1)} ms`,
	);
	row("bundle, raw / gzipped", (r) => `${fmt(r.build.bundleRaw / 1024)} KiB / ${fmt(r.build.bundleGzip / 1024)} KiB`);
	row("content compiler build time", (r) => `${fmt(r.build.compileMs)} ms`);
	row(
		"workerd memory (RSS): this corpus alone, after one pass over its routes",
		(r) => `${r.rssAloneMiB.toFixed(0)} MiB`,
	);
	lines.push(`| workerd memory (RSS): all corpora in one process, after the run | ${fmtMiB(rssAll)} |`);
	// p50 growth of each route from one corpus to a larger one, measured side by side.
	const growth = (small: CorpusResult, large: CorpusResult) =>
		large.routes
			.map(
				(x, i) =>
					`${x.name.replace(/\(\d+ articles\)/, "").trim()} ${pairedRatio(x.p50, (small.routes[i] as CorpusResult["routes"][number]).p50).toFixed(2)}×`,
			)
			.join("; ");
	/** Per round, a warm feed's p50 over its static copy's in the larger corpus, over the same in the smaller. */
	const netGrowth = (small: CorpusResult, large: CorpusResult) =>
		large.routes
			.flatMap((x, i) => {
				const copy = large.routes.findIndex((c) => c.name === x.ratioTo);
				const [s, sc, lc] = [small.routes[i], small.routes[copy], large.routes[copy]];
				if (copy < 0 || !againstOwnCopy(x) || !s || !sc || !lc) return [];
				const over = (r: { p50: number[] }, c: { p50: number[] }) => r.p50.map((p, k) => p / (c.p50[k] as number));
				return [
					`${x.name.replace(/\(\d+ articles\)/, "").trim()} ${pairedRatio(over(x, lc), over(s, sc)).toFixed(2)}×`,
				];
			})
			.join("; ");
	const pooled = (of: CorpusResult[]) => {
		const logs = of.flatMap((r) => warmRatios(r)).map(Math.log);
		const m = mean(logs);
		const sd = Math.sqrt(logs.reduce((sum, x) => sum + (x - m) ** 2, 0) / (logs.length - 1));
		const half = (1.96 * sd) / Math.sqrt(logs.length);
		return `${Math.exp(m).toFixed(3)}× (95 % CI ${Math.exp(m - half).toFixed(2)}–${Math.exp(m + half).toFixed(2)}; ${logs.length} pairs; one pair's ratio spreads ×/÷ ${Math.exp(sd).toFixed(2)})`;
	};
	if (results.some((r) => warmRatios(r).length > 1)) {
		lines.push(
			"",
			`Warm feeds against their static copies, every pair of runs (a feed and its copy, A B B A, one round) pooled: geometric mean of the ratios, all corpora ${pooled(results)}; ${results.map((r) => `${fmt(r.articles)} articles ${pooled([r])}`).join("; ")}.`,
		);
	}
	const [first, ...rest] = results;
	if (first && rest.length) {
		lines.push("");
		for (const large of rest) {
			lines.push(
				`p50 growth, ${fmt(large.articles)} vs ${fmt(first.articles)} articles (target ≤ 1.1×): ${growth(first, large)}`,
				"",
			);
		}
		const [a, b] = rest.slice(-2);
		if (a && b) lines.push(`p50 growth, ${fmt(b.articles)} vs ${fmt(a.articles)} articles: ${growth(a, b)}`, "");
		for (const large of rest) {
			lines.push(
				`p50 growth net of the static copy's, ${fmt(large.articles)} vs ${fmt(first.articles)} articles (a warm feed's growth over its copy's, per round: what grows beyond the bytes served): ${netGrowth(first, large)}`,
				"",
			);
		}
	}
	return lines.join("\n");
}

/** `--report`: the table again from the last run's bench/out/results.json, measuring nothing. */
function reportAgain() {
	const file = join(OUT, "results.json");
	const { machine, results, rssAllMiB } = JSON.parse(readFileSync(file, "utf8"));
	console.log(`${statSync(file).mtime.toISOString().slice(0, 10)} · ${machine}\n\n${table(results, rssAllMiB)}`);
}

async function main() {
	if (opts.report) return reportAgain();
	const wrkBin = ensureWrk();
	try {
		const prepared: Prepared[] = [];
		for (const n of CORPORA) prepared.push(await prepare(n, wrkBin));
		const { results, rssMiB: rssAll } = await measure(prepared, wrkBin);
		const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, ${execFileSync(workerdBinary(), ["--version"], { encoding: "utf8" }).trim()}, wrk -t1 -c${CONNECTIONS} -d${DURATION}s × ${ROUNDS} rounds (interleaved; route and baseline A B B A)`;
		const report = `${new Date().toISOString().slice(0, 10)} · ${machine}\n\n${table(results, rssAll)}`;
		console.log(`\n${report}\n`);
		mkdirSync(OUT, { recursive: true });
		writeFileSync(join(OUT, "results.json"), JSON.stringify({ machine, results, rssAllMiB: rssAll }, null, 2));
		writeFileSync(join(OUT, "results.md"), `${report}\n`);
		const failed = results.flatMap((r) => r.routes.filter((x) => x.errors > 0).map((x) => `${r.articles}: ${x.name}`));
		if (failed.length) {
			console.error(`errors in: ${failed.join(", ")}`);
			process.exitCode = 1;
		}
	} finally {
		// The builds compiled each corpus into src/content/: put the real content back, whatever happened.
		execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], {
			cwd: ROOT,
			env: { ...ENV, REELFEED_CONTENT: join(ROOT, "content") },
		});
	}
}

if (import.meta.main) await main();
