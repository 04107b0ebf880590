/**
 * `npm start`'s content builds, in one process that stays up between them. `wrangler dev` runs
 * scripts/build-content.ts after every save, as `wrangler deploy` does once; under `npm start` that
 * command hands its arguments to this server (REELFEED_BUILD_SERVER names its socket) and prints
 * what it answers. Built here, a build keeps what a build run once must read again each time:
 *
 * - the content folder's listing, watched (scripts/listing.ts): after a save, the files
 *   the kernel named are stat-ed, not the whole folder (at a million articles, 7 s here);
 * - the build cache as the last build left it, in memory, not read from disk again; written after
 *   the answer, so `wrangler dev` reloads the Worker while it is written;
 * - the assets' build (scripts/build-assets.ts), made again only once their sources change;
 * - after a build that found nothing to do (`npm start` on content already built), that build made
 *   again behind its answer (`--warm`, see Resident.warm), so that the first save starts from
 *   memory too.
 *
 * Everything else is the same build (the same `main`, the same checks of the cache, the same
 * output bytes: a test compares them with a build run once). The server builds with the code it
 * started with: once any file of scripts/ or src/ (but the compiled output) or package-lock.json
 * changes, it answers "build it yourself", and exits; the command then builds in its own process,
 * and `npm start` starts a new server (scripts/dev.ts). When the server cannot be reached, the
 * command builds in its own process too: the server only ever saves time.
 *
 *   node scripts/build-server.ts SOCKET
 */
import { rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { Worker } from "node:worker_threads";
import { main as buildAssets } from "./build-assets.ts";
import type { Answer, Ask } from "./build-client.ts";
import { codeHash, main, type Output, type Resident } from "./build-content.ts";
import type { KeptCache } from "./compiler/cache.ts";
import { type WatchedListing, watchListing } from "./listing.ts";

/** How long the server waits, idle, after a build's answer before it keeps that build's cache (see settle). */
const SETTLE_AFTER_MS = 3_000;

/**
 * Serves builds on the Unix socket `path`, one at a time, until the code changes (`code`, for
 * tests: the code's hash now); `settleAfter` (for tests) is SETTLE_AFTER_MS. Resolves once it listens; `closed` once it has stopped.
 */
export async function serveBuilds(
	path: string,
	{
		code: codeNow = () => codeHash(),
		settleAfter = SETTLE_AFTER_MS,
	}: { code?: () => string; settleAfter?: number } = {},
): Promise<{ close(): Promise<void>; closed: Promise<void> }> {
	const code = codeNow();
	const listings = new Map<string, WatchedListing>();
	const caches = new Map<string, KeptCache>();
	let queue = Promise.resolve();
	let stopped = false;
	/** Asked to stop (close), and building its warm-up: which is not waited for. */
	let closing = false;
	let warming = false;
	let stop: () => void = () => undefined;
	const closed = new Promise<void>((done) => {
		stop = done;
	});

	/**
	 * What the last build left to do after its answer (its cache made, kept and written), until it
	 * is done: by the next build that has something to do (Resident.settle), or once the server has
	 * been idle for SETTLE_AFTER_MS, or as it stops.
	 */
	let pending: { later: (() => void)[]; times: boolean } | undefined;
	const settle = () => {
		if (!pending) return;
		const { later, times } = pending;
		pending = undefined;
		const seconds = runLater(later);
		if (later.length && times)
			console.error(`reelfeed build server: the build cache kept after the answer in ${seconds} s`);
	};

	const resident = (later: (() => void)[], warm: () => void = () => undefined): Resident => ({
		async listing(dir) {
			let listing = listings.get(dir);
			if (!listing) {
				listing = watchListing(dir);
				listings.set(dir, listing);
			}
			const files = await listing.listed();
			return { files, how: listing.last, version: listing.version };
		},
		cache: (cacheDir) => caches.get(cacheDir),
		keep: (cacheDir, kept) => caches.set(cacheDir, kept),
		later: (work) => later.push(work),
		settle,
		warm,
	});

	/** What a build left to do after its answer (making and keeping its cache, writing it); its time. */
	const runLater = (later: (() => void)[]) => {
		const start = performance.now();
		for (const work of later) {
			try {
				work();
			} catch (error) {
				// The cache on disk is the last good one, and the one in memory the last kept.
				console.error(`reelfeed build server: keeping the build cache failed: ${error}`);
			}
		}
		return ((performance.now() - start) / 1000).toFixed(2);
	};

	/** A build that throws leaves nothing to trust: every listing and cache is made again. */
	const forget = () => {
		pending = undefined;
		for (const listing of listings.values()) listing.close();
		listings.clear();
		caches.clear();
	};

	/**
	 * The build `ask` asked for, made again with nothing changed (see Resident.warm), printing
	 * nothing: its cache, read from disk, is then kept in memory, with what the next build takes
	 * from this one (at a million articles, an edit then takes 6–10 s here rather than 30).
	 */
	const warmUp = async (ask: Ask) => {
		if (stopped || closing || codeNow() !== code) return;
		const later: (() => void)[] = [];
		const start = performance.now();
		const silent: Output = { log: () => undefined, error: () => undefined };
		warming = true;
		try {
			await main([...ask.args, "--warm"], ask.env, silent, resident(later));
		} catch (error) {
			forget();
			console.error(`reelfeed build server: reading the build cache into memory failed: ${error}`);
			return;
		} finally {
			warming = false;
		}
		if (closing) return;
		runLater(later);
		if (later.length && ask.args.includes("--times"))
			console.error(
				`reelfeed build server: the build cache read into memory for the next edit in ${((performance.now() - start) / 1000).toFixed(2)} s`,
			);
	};

	const serveOne = async (socket: Socket, ask: Ask) => {
		const send = (answer: Answer) => {
			if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
		};
		if (stopped || codeNow() !== code) {
			send({ yourself: "the build server's code changed" });
			socket.end();
			await shutDown();
			return;
		}
		const output: Output = { log: (text) => send({ out: text }), error: (text) => send({ err: text }) };
		const later: (() => void)[] = [];
		let warm = false;
		let exit = 1;
		try {
			exit = await main(
				ask.args,
				ask.env,
				output,
				resident(later, () => {
					warm = true;
				}),
			);
		} catch (error) {
			forget();
			later.length = 0;
			output.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		}
		// The assets after the content, as the build command builds them (`&&`): here, where the
		// same sources are built once (see buildAssets), not in a process of their own after every save.
		if (exit === 0 && ask.assets) {
			try {
				exit = await buildAssets(ask.assets, ask.env, output);
			} catch (error) {
				exit = 1;
				output.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
			}
		}
		send({ code: exit });
		// For scripts/dev.ts, which counts them (its tests check that `npm start` builds here).
		console.log(`reelfeed build server: built (exit ${exit})`);
		// The answer on its way before the work that can wait (a second at most, should the command be gone).
		await Promise.race([
			new Promise<void>((done) => socket.end(() => done())),
			new Promise((done) => setTimeout(done, 1000)),
		]);
		// Kept once a build needs it, or the server is idle: a build asked for meanwhile that finds
		// nothing to do (wrangler dev's, after the save it reloads for) is answered first.
		if (later.length) {
			settle();
			pending = { later, times: ask.args.includes("--times") };
			setTimeout(() => enqueue(async () => settle()), settleAfter).unref();
		}
		// After any build already asked for: a build that warms up finds the cache kept, and stops.
		if (warm) enqueue(() => warmUp(ask));
	};

	/** One build after another; one that throws (outside what serveOne catches) does not stop the next. */
	const enqueue = (work: () => Promise<void>) => {
		queue = queue.then(work).catch((error) => console.error(`reelfeed build server: ${error}`));
	};

	const server = createServer((socket) => {
		let text = "";
		socket.setEncoding("utf8");
		socket.on("error", () => undefined);
		socket.on("data", (chunk: string) => {
			text += chunk;
			const end = text.indexOf("\n");
			if (end < 0) return;
			socket.removeAllListeners("data");
			let ask: Ask;
			try {
				ask = JSON.parse(text.slice(0, end)) as Ask;
			} catch {
				socket.end(`${JSON.stringify({ yourself: "the build server could not read the request" })}\n`);
				return;
			}
			enqueue(() => serveOne(socket, ask));
		});
	});

	const shutDown = async () => {
		if (stopped) return;
		// The last build's cache, for the next build (the next `npm start`, or the command itself).
		settle();
		stopped = true;
		for (const listing of listings.values()) listing.close();
		await new Promise<void>((done) => server.close(() => done()));
		rmSync(path, { force: true });
		stop();
	};

	rmSync(path, { force: true });
	await new Promise<void>((done, fail) => {
		server.once("error", fail);
		server.listen(path, done);
	});
	return {
		closed,
		close: async () => {
			closing = true;
			// A build asked for is finished, its answer sent; a warm-up is left (it only reads into
			// memory what is on disk, and a cache is written aside, then renamed): at a million
			// articles it takes half a minute, and `npm start` stopped must not wait for it.
			if (!warming) await queue;
			await shutDown();
		},
	};
}

if (import.meta.main) {
	const path = process.argv[2];
	if (!path) {
		console.error("usage: node scripts/build-server.ts SOCKET");
		process.exit(2);
	}
	const server = await serveBuilds(path);
	for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.close());
	// Gone with what started it (`npm start` killed outright): a server left behind would hold its
	// memory (gigabytes at a million articles) for nobody. Watched from a thread of its own, which a
	// build (half a minute at a million, the warm-up after its start) does not hold up as it holds
	// this one's event loop; the process is then killed where it stands, which loses nothing (a
	// build writes each file aside then renames it; killed half-way, it leaves no stamp).
	new Worker(
		`const { workerData: { parent, path } } = require("node:worker_threads");
		setInterval(() => {
			if (process.ppid === parent) return;
			require("node:fs").rmSync(path, { force: true });
			process.kill(process.pid, "SIGKILL");
		}, 1000);`,
		{ eval: true, workerData: { parent: process.ppid, path } },
	).unref();
	console.log(`reelfeed build server: ready on ${path}`);
	await server.closed;
	process.exit(0);
}
