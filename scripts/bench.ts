/**
 * The benchmark: builds the Worker as `wrangler deploy` does, serves it with `workerd serve` (a
 * capnp config, no wrangler in the measured path) beside two baselines in the same process, drives
 * it with wrk from a second process on loopback, and prints one table. See BENCHMARKS.md.
 *
 *   npm run bench                      3 corpora (3, 1,000, 10,000 articles), 9 rounds, runs of 1 s
 *   npm run bench -- --smoke           the real content only, 1 round of 1 s: proves it works
 *   npm run bench -- --corpora 3,1000 --rounds 5 --duration 5 --connections 16
 *   npm run bench -- --report          the last run's table again, from bench/out/results.json
 *
 * The method, in order: for each corpus, on its own (`prepare`), build it, copy its feeds'
 * responses for the static baselines, time cold starts, and read CPU per request and memory; then
 * every corpus in one process (`measure`), rounds of each route beside its baseline; then the
 * statistics (bench/summary.ts) and the table (bench/report.ts). The real content is compiled
 * back into src/ at the end, whatever happened.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Built, build, restoreRealContent } from "./bench/build.ts";
import { coldStart, firstPaths } from "./bench/cold-start.ts";
import { cpuPerRender, sinceFile } from "./bench/cpu.ts";
import { hostileCpu } from "./bench/hostile.ts";
import { isolateMemory } from "./bench/memory.ts";
import { OUT } from "./bench/paths.ts";
import { fmt, table } from "./bench/report.ts";
import { type Corpus, type Results, type Run, readResults, writeResults } from "./bench/results.ts";
import { type Route, roundSteps, routeById, routesFor, staticCopies, urlOf } from "./bench/routes.ts";
import { summarize } from "./bench/summary.ts";
import { type Endpoints, rssMiB, serve, serveAll, withServer, workerdVersion } from "./bench/workerd.ts";
import { ensureWrk, type Load, wrk } from "./bench/wrk.ts";

const { values: opts } = parseArgs({
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
const LOAD: Load = { connections: Number(opts.connections), seconds: Number(opts.duration ?? 1) };
/** A B B A runs per hostile value: one in a smoke run, two (eight seconds) in a full one. */
const HOSTILE_REPS = opts.smoke ? 1 : 2;

const runRoute = (wrkBin: string, server: Endpoints, route: Route, load: Load) =>
	wrk(wrkBin, urlOf(server, route), { header: route.header, lua: route.lua, env: route.env, ...load });

/** A corpus measured on its own, with its bundle for the rounds. */
type Prepared = Omit<Corpus, "routes"> & { built: Built };

/** Builds a corpus, and measures what needs a process of its own: cold start, CPU and memory. */
async function prepare(n: number, wrkBin: string): Promise<Prepared> {
	const dir = join(OUT, String(n));
	mkdirSync(dir, { recursive: true });
	console.log(`\n== ${n} articles: build, cold start, CPU, memory`);
	const built = await build(n);
	// A first process renders the feeds, whose responses become the static baselines.
	const { statics, first } = await withServer(await serve(dir, built, {}), async (probe) => ({
		statics: await staticCopies(probe, await routesFor(probe)),
		first: await firstPaths(probe),
	}));
	const startup = await coldStart(dir, built, first);
	const memory = await isolateMemory(dir, built);
	// A last process takes one pass of load, then the CPU and memory measurements.
	return withServer(await serve(dir, built, statics), async (server) => {
		for (const route of await routesFor(server)) runRoute(wrkBin, server, route, { ...LOAD, seconds: 1 });
		const since = sinceFile(n, dir);
		return {
			articles: n,
			built,
			build: {
				compileMs: built.buildMs,
				compilePeakMiB: built.buildPeakMiB,
				edits: built.edits,
				served: built.served,
				servedPeakMiB: built.servedPeakMiB,
				servedWarmMs: built.servedWarmMs,
				bundleRaw: built.bundleRaw,
				bundleGzip: built.bundleGzip,
				assetFiles: built.assetFiles,
				assetBytes: built.assetBytes,
				largestAsset: built.largestAsset,
			},
			startup,
			cpuPerRender: cpuPerRender(wrkBin, server, since, LOAD.seconds),
			hostile: hostileCpu(wrkBin, server, { reps: HOSTILE_REPS, seconds: LOAD.seconds }),
			rssAloneMiB: rssMiB(server.pid),
			memory,
		};
	});
}

/**
 * The throughput rounds, every corpus in one workerd process. Within a round, each route runs
 * with its baseline (A B B A) for every corpus back to back, in an order that rotates from round
 * to round, so a route's growth from one corpus to another is measured side by side, as its ratio
 * to a baseline is. Every wrk run is recorded.
 */
async function measure(prepared: Prepared[], wrkBin: string): Promise<Omit<Results, "machine">> {
	console.log(
		`\n== ${prepared.map((p) => fmt(p.articles)).join(", ")} articles in one process: ${ROUNDS} rounds; runs of ${LOAD.seconds} s, each route and its baseline as A B B A`,
	);
	const { child, pid, sites } = await serveAll(prepared);
	try {
		const served = await Promise.all(
			sites.map(async ({ built: _, url, base, ...corpus }) => ({
				server: { url, base },
				corpus: { ...corpus, routes: await routesFor({ url }) },
			})),
		);
		const steps = roundSteps(served[0]?.corpus.routes ?? []);
		const runs: Run[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const first = round % served.length;
			const order = [...served.slice(first), ...served.slice(0, first)];
			// A round ends with the uncached renders, whose garbage V8 is still collecting when the
			// next begins: a second of the floor per corpus, not counted, lets that settle before
			// the floor (and the 304 beside it) are measured.
			for (const { server, corpus } of order) {
				runRoute(wrkBin, server, routeById(corpus.routes, "floor"), { ...LOAD, seconds: 1 });
			}
			for (const step of steps) {
				for (const { server, corpus } of order) {
					for (const id of step) {
						const w = runRoute(wrkBin, server, routeById(corpus.routes, id), LOAD);
						const errors = w.non2xx3xx + w.socketErrors;
						runs.push({ articles: corpus.articles, round, route: id, rps: w.rps, p50Ms: w.p50Ms, errors });
					}
				}
			}
		}
		return { corpora: served.map((s) => s.corpus), runs, rssAllMiB: rssMiB(pid) };
	} finally {
		child.kill("SIGKILL");
	}
}

/** `--report`: the table again from the last run's bench/out/results.json, measuring nothing. */
function reportAgain() {
	const { results, date } = readResults(join(OUT, "results.json"));
	console.log(`${date} · ${results.machine}\n\n${table(summarize(results))}`);
}

async function main() {
	if (opts.report) return reportAgain();
	const wrkBin = ensureWrk();
	try {
		const prepared: Prepared[] = [];
		for (const n of CORPORA) prepared.push(await prepare(n, wrkBin));
		const measured = await measure(prepared, wrkBin);
		const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, ${workerdVersion()}, wrk -t1 -c${LOAD.connections} -d${LOAD.seconds}s × ${ROUNDS} rounds (interleaved; route and baseline A B B A)`;
		const results: Results = { machine, ...measured };
		const summary = summarize(results);
		const report = `${new Date().toISOString().slice(0, 10)} · ${machine}\n\n${table(summary)}`;
		console.log(`\n${report}\n`);
		mkdirSync(OUT, { recursive: true });
		writeResults(join(OUT, "results.json"), results);
		writeFileSync(join(OUT, "results.md"), `${report}\n`);
		const failed = summary.corpora.flatMap((c) =>
			c.figures.filter((x) => x.errors > 0).map((x) => `${c.articles}: ${x.route.name}`),
		);
		if (failed.length) {
			console.error(`errors in: ${failed.join(", ")}`);
			process.exitCode = 1;
		}
	} finally {
		// The builds compiled each corpus into src/content/: put the real content back.
		restoreRealContent();
	}
}

await main();
