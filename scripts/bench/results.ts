/**
 * What a benchmark run records, as bench/out/results.json holds it: every wrk run of the
 * throughput rounds, one record each, and what was measured of each corpus on its own.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { ColdStart } from "./cold-start.ts";
import type { CpuPerRender } from "./cpu.ts";
import type { HostileCpu } from "./hostile.ts";
import type { IsolateMemory } from "./memory.ts";
import type { Route, RouteId } from "./routes.ts";

/** One wrk run of a route in a round of the throughput rounds. */
export type Run = {
	articles: number;
	round: number;
	route: RouteId;
	rps: number;
	p50Ms: number;
	/** Socket errors and responses other than 2xx and 3xx. */
	errors: number;
};

/** One corpus: what was measured of it in a process of its own, and its routes as measured in the rounds. */
export type Corpus = {
	articles: number;
	build: {
		compileMs: number;
		/** The compiler's peak resident memory. */
		compilePeakMiB: number;
		/** One article edited, then put back; a new article added, then taken out: each rebuild's time, peak memory, and articles compiled. */
		edits?: { ms: number; peakMiB: number; compiled: string }[];
		/**
		 * The same under `npm start`'s build server, started on the content as built: its warm-up
		 * (the build kept in memory behind its first answer), then the four edits and the new
		 * article added and taken out; its peak memory.
		 */
		served?: { ms: number; compiled: string; watched: string; since?: string }[];
		servedPeakMiB?: number;
		servedWarmMs?: number;
		bundleRaw: number;
		bundleGzip: number;
		/** The static assets a deploy uploads: files (the content's, and images), bytes, the largest file. */
		assetFiles: number;
		assetBytes: number;
		largestAsset: number;
	};
	startup: ColdStart;
	/** CPU per request of uncached renders and of the floor. */
	cpuPerRender: CpuPerRender;
	/** CPU per request with the worst input a client can send to a parser, next to an ordinary one. */
	hostile: HostileCpu[];
	/** workerd's RSS in a process of this corpus alone, after one pass over its routes. */
	rssAloneMiB: number;
	/** The isolate's memory after 1,000 distinct feeds and 1,000 article pages, from V8's inspector. */
	memory: IsolateMemory;
	routes: Route[];
};

export type Results = {
	/** The machine, workerd's version and the load, as the table's first line states them. */
	machine: string;
	corpora: Corpus[];
	runs: Run[];
	/** workerd's RSS with every corpus in one process, after the rounds. */
	rssAllMiB: number;
};

export const writeResults = (file: string, results: Results) => writeFileSync(file, JSON.stringify(results, null, 2));

/** The results a run wrote, and the day it wrote them. */
export function readResults(file: string): { results: Results; date: string } {
	const results: Results = JSON.parse(readFileSync(file, "utf8"));
	if (!Array.isArray(results.runs)) throw new Error(`${file} is from an older benchmark: run it again`);
	return { results, date: statSync(file).mtime.toISOString().slice(0, 10) };
}
