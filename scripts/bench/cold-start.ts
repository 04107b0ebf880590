/**
 * Cold start: fresh workerd processes, each killed once it has answered its first feed request,
 * and a floor for them, the runtime's own start with a trivial worker.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { retryOnPortTaken } from "../ports.ts";
import { type Built, msSince } from "./build.ts";
import { median } from "./stats.ts";
import {
	compatDate,
	cpuNs,
	type StartOptions,
	type Startup,
	serve,
	spawnWorkerd,
	writeBaselineWorker,
} from "./workerd.ts";

export type ColdStart = {
	runtimeMs: number;
	listenMs: number;
	firstResponseMs: number;
	binaryFirstResponseMs: number;
	firstRequestCpuMs: {
		items20: number;
		items100: number;
		article: number;
		entityFeed: number;
		entityPage: number;
		directory: number;
	};
	/** The CPU of reelfeed's start (global scope, modules): to listening, beside the same process without it. */
	startupCpuMs: number;
};

/** The pages a fresh isolate's first request is measured on, besides the site feed. */
export type FirstPaths = { article: string; entityFeed: string; entityPage: string; directory: string };

/** What the benchmark reads of a JSON Feed page. */
type JsonFeedPage = { items: { url: string; _reelfeed: { people?: { slug: string }[] } }[] };

/** The pages a first request is measured on, as a running server of the corpus lists them. */
export async function firstPaths(server: { url: string }): Promise<FirstPaths> {
	const items = ((await (await fetch(`${server.url}/feed.json?limit=100`)).json()) as JsonFeedPage).items;
	// The person of the newest article that names one: a popular one, with a feed and a page.
	const person = items.flatMap((i) => i._reelfeed.people ?? [])[0]?.slug as string;
	return {
		// An article well down the archive (the 100th newest, or the oldest of a small one).
		article: new URL(items.at(-1)?.url as string).pathname,
		entityFeed: `/feed/person/${person}.xml`,
		entityPage: `/people/${person}`,
		directory: "/api/people.json",
	};
}

/** Process start to first response of workerd serving only the baseline (the runtime's own start), and its CPU. */
const runtimeStart = (dir: string) =>
	retryOnPortTaken(1, async ([port]): Promise<{ ms: number; cpuMs: number }> => {
		writeBaselineWorker(dir);
		writeFileSync(
			join(dir, "floor.capnp"),
			`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "baseline", worker = .baseline) ],
  sockets = [ (name = "baseline", address = "127.0.0.1:${port}", http = (), service = "baseline") ],
);
const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "baseline.js"), (name = "statics.json", json = embed "floor-statics.json") ],
  compatibilityDate = "${compatDate()}",
);
`,
		);
		// No static copies: this is the runtime's own start.
		writeFileSync(join(dir, "floor-statics.json"), "{}");
		const started = process.hrtime.bigint();
		const { child, alive } = spawnWorkerd(dir, ["floor.capnp"]);
		try {
			for (;;) {
				await alive();
				try {
					await (await fetch(`http://127.0.0.1:${port}/floor`)).text();
					return { ms: msSince(started), cpuMs: cpuNs(child.pid as number) / 1e6 };
				} catch {
					await new Promise((r) => setTimeout(r, 2));
				}
			}
		} finally {
			child.kill("SIGKILL");
		}
	});

/** Medians over `count` fresh processes, each killed once it has answered its first feed request. */
async function fresh(dir: string, built: Built, count: number, o: StartOptions & { binary?: boolean } = {}) {
	const startups: Startup[] = [];
	for (let i = 0; i < count; i++) {
		// Without the static copies, which load with the baseline worker in the same process:
		// they would add their own start (40 million instructions at 10,000 articles) to reelfeed's.
		const s = await serve(dir, built, {}, o);
		startups.push(s.startup);
		s.child.kill("SIGKILL");
	}
	const of = (figure: (x: Startup) => number | undefined) =>
		median(startups.map(figure).filter((x) => x !== undefined));
	return {
		listenMs: of((x) => x.listenMs),
		listenCpuMs: of((x) => x.listenCpuMs),
		firstResponseMs: of((x) => x.firstResponseMs),
		firstRequestCpuMs: of((x) => x.firstRequestCpuMs),
	};
}

/**
 * Five starts of the runtime alone; nine fresh processes, timed to the first site feed alone;
 * then, in others, listening and the CPU of that first request (20 items, and 100), every item
 * rendered for the first time; and the cold start from a binary config.
 */
export async function coldStart(dir: string, built: Built, first: FirstPaths): Promise<ColdStart> {
	const runtime: { ms: number; cpuMs: number }[] = [];
	for (let i = 0; i < 5; i++) runtime.push(await runtimeStart(dir));
	const cold = await fresh(dir, built, 9);
	const probed = await fresh(dir, built, 5, { probe: true });
	const first100 = await fresh(dir, built, 5, { probe: true, firstPath: "/feed.xml?limit=100" });
	const firstOf = async (path: string) =>
		(await fresh(dir, built, 5, { probe: true, firstPath: path })).firstRequestCpuMs;
	const binary = await fresh(dir, built, 5, { binary: true });
	return {
		runtimeMs: median(runtime.map((r) => r.ms)),
		startupCpuMs: probed.listenCpuMs - median(runtime.map((r) => r.cpuMs)),
		listenMs: probed.listenMs,
		firstResponseMs: cold.firstResponseMs,
		binaryFirstResponseMs: binary.firstResponseMs,
		firstRequestCpuMs: {
			items20: probed.firstRequestCpuMs,
			items100: first100.firstRequestCpuMs,
			article: await firstOf(first.article),
			entityFeed: await firstOf(first.entityFeed),
			entityPage: await firstOf(first.entityPage),
			directory: await firstOf(first.directory),
		},
	};
}
