/**
 * The articles compiled by several threads at once: each takes a contiguous run of the files (in
 * file order), compiles the site and registries for itself (cheap beside the articles), and sends
 * its articles back in batches; this thread writes their text to the spill as they arrive. What
 * comes out is what compileContent's own loop makes, in the same order, with the same problems:
 * rendering Markdown and tagging are most of a build's time, and each article is independent.
 */
import { readFileSync } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { EntityRef } from "../../src/content/types.ts";
import { type Compiled, type ContentSources, compileFile, prepare, spillCompiled } from "./compile.ts";
import type { ContentProblem } from "./errors.ts";
import type { SourceFile } from "./registries.ts";
import type { Spill } from "./spill.ts";

/** Files each message back carries. */
const BATCH = 256;

/** What a thread is given: the sources but the articles, and its run of article files (path shown, file read). */
type Job = {
	sources: Omit<ContentSources, "articles" | "history">;
	files: { path: string; file: string }[];
	now: number;
};

type Batch = { compiled: (Compiled | undefined)[]; problems: ContentProblem[] };

/**
 * Each thread's heap bound: what it keeps (the registries compiled, the tagger) is about 25 times
 * the registries' YAML (300 MiB for the 12 MiB of a million-article archive's), and a thread
 * left to V8's default bound (about 4 GiB each) collects its garbage so late that the build's
 * threads together passed 4 GiB at a million articles. Four times what it keeps, and 1 GiB at
 * least, makes it collect sooner without ever running short.
 */
function heapMiB(sources: Omit<ContentSources, "articles" | "history">): number {
	const yaml = Object.values(sources).reduce(
		(sum, value) => sum + (value && typeof value === "object" && "text" in value ? String(value.text).length : 0),
		0,
	);
	return Math.max(1024, Math.ceil((100 * yaml) / 2 ** 20));
}

/** A source file read from disk when its text is asked for, each time: nothing of it is kept. */
class LazyFile implements SourceFile {
	readonly path: string;
	readonly file: string;
	constructor(path: string, file: string) {
		this.path = path;
		this.file = file;
	}
	get text(): string {
		return readFileSync(this.file, "utf8");
	}
}

export const lazyFile = (path: string, file: string): SourceFile => new LazyFile(path, file);

/**
 * Compiles `files` (in file order, each read from its `file`) in `jobs` threads. Resolves to one
 * entry per file, in their order, with every problem in that order; rejects if a thread fails.
 */
export async function compileInParallel(
	sources: ContentSources,
	files: readonly SourceFile[],
	{ now, jobs, spill }: { now: number; jobs: number; spill: Spill },
): Promise<{ files: (Compiled | undefined)[]; problems: ContentProblem[] }> {
	const { articles: _, history: __, ...shared } = sources;
	const compiled: (Compiled | undefined)[] = new Array(files.length);
	const problems: ContentProblem[][] = [];
	const per = Math.ceil(files.length / jobs);
	const refs = new Map<string, EntityRef>();
	const runs = Array.from({ length: jobs }, (_, j) => j * per).filter((from) => from < files.length);
	const workers: Worker[] = [];
	// One thread failing fails the build at once: the others are stopped, not waited for.
	const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
	const all = Promise.all(
		runs.map(
			(from, j) =>
				new Promise<void>((done, fail) => {
					const run = files.slice(from, from + per).map(({ path, file }) => {
						if (file === undefined) throw new Error(`compileInParallel: ${path} has no file to read`);
						return { path, file };
					});
					const job: Job = { sources: shared, files: run, now };
					const worker = new Worker(new URL(import.meta.url), {
						workerData: job,
						resourceLimits: { maxOldGenerationSizeMb: heapMiB(shared) },
					});
					workers.push(worker);
					problems[j] = [];
					let at = from;
					worker.on("message", (batch: Batch) => {
						for (const c of batch.compiled) compiled[at++] = spillCompiled(c, spill, refs);
						problems[j]?.push(...batch.problems);
					});
					worker.on("error", fail);
					worker.on("exit", (code) => {
						if (at !== from + run.length) fail(new Error(`a compiling thread stopped (exit ${code}) at file ${at}`));
						else done();
					});
				}),
		),
	);
	try {
		await all;
	} catch (error) {
		await stopAll();
		throw error;
	}
	return { files: compiled, problems: problems.flat() };
}

/** In a thread: compile this run of files, sending them back a batch at a time. */
function work({ sources, files, now }: Job): void {
	// The site's and registries' problems are the calling thread's to report, once.
	const prepared = prepare({ ...sources, articles: [] }, now, []);
	let batch: Batch = { compiled: [], problems: [] };
	for (const { path, file } of files) {
		batch.compiled.push(compileFile(lazyFile(path, file), prepared, batch.problems));
		if (batch.compiled.length === BATCH) {
			parentPort?.postMessage(batch);
			batch = { compiled: [], problems: [] };
		}
	}
	if (batch.compiled.length) parentPort?.postMessage(batch);
}

if (!isMainThread && (workerData as Job | undefined)?.files) work(workerData as Job);
