/**
 * `npm start`: the Worker under `wrangler dev` (workerd, rebuilding on every save), on
 * http://localhost:8787, behind a pass-through proxy that answers as the deployed Worker does.
 *
 *   node scripts/dev.ts [--port 8787] [--ip localhost] [--content DIR]
 *
 * Why a proxy: wrangler dev sends some things the deployed Worker does not, and the proxy undoes
 * exactly those, passing everything else through byte for byte:
 * - Miniflare compresses responses the way Cloudflare does, by content type, and counts a response
 *   without one as compressible, so it gives a bodiless 304 the header `Content-Encoding: gzip`
 *   while the 200 it revalidates (Atom, JSON Feed) was sent uncompressed. A reader that merges the
 *   304's headers into its cached copy (feed2exec does) then fails to decode it. The proxy removes
 *   a content coding from responses that have no body (304, 204).
 * - wrangler's own proxy streams every HTML page through an HTML rewriter (for live reload), and
 *   Miniflare streams what it compresses, so those arrive with no Content-Length, while HEAD, which
 *   neither touches, carries one. The proxy sends a whole body with its length, and answers HEAD
 *   with the headers the same GET gets, so HEAD and GET agree as they do in the deployed Worker.
 * - A Host header that is not a host name makes Miniflare's entry worker fail with a 500 before the
 *   Worker sees the request; the proxy answers it with the Worker's 400.
 *
 * The content is built by a build server that stays up (scripts/build-server.ts): wrangler dev's
 * build command hands it each build, so that after a save it stat-s the files that changed and
 * starts from the build cache in memory, rather than listing the whole folder and reading the cache
 * from disk again. It is started again whenever it stops (it does once the code changes).
 *
 * With --content (or REELFEED_CONTENT), another content folder is served, built apart from
 * src/content/compiled.js (see worker-config.ts). While the content is broken, the build prints its
 * problems once and every request is answered with them (see src/http/broken.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { COMMON_HEADERS, INVALID_HOST, isValidHost } from "../src/http/shared.ts";
import { folderWatches } from "./listing.ts";
import { freePorts } from "./ports.ts";
import { buildCommandOf, configFor, ROOT } from "./worker-config.ts";

/** Statuses that never have a body (RFC 9110 § 6.4.1), so never a content coding either. */
const BODILESS = new Set([204, 304]);

/**
 * Forwards one request to the Worker and its answer back: a bodiless answer without a content
 * coding, a body with its length, and HEAD as the GET it stands for, without the body.
 */
function proxy(upstream: number, req: IncomingMessage, res: ServerResponse): void {
	if (!isValidHost(req.headers.host ?? "")) {
		const body = `400 Bad Request\n\n${INVALID_HOST}\n`;
		res.writeHead(400, {
			"content-type": "text/plain; charset=utf-8",
			"content-length": Buffer.byteLength(body),
			"cache-control": "no-store",
			...COMMON_HEADERS,
		});
		res.end(req.method === "HEAD" ? undefined : body);
		return;
	}
	const head = req.method === "HEAD";
	const out = forward(
		{ host: "127.0.0.1", port: upstream, method: head ? "GET" : req.method, path: req.url, headers: req.headers },
		(answer) => {
			const status = answer.statusCode ?? 502;
			const chunks: Buffer[] = [];
			// wrangler dev reloading mid-answer resets the connection: the client's request fails, the server goes on.
			answer.on("error", () => res.destroy());
			answer.on("data", (chunk: Buffer) => chunks.push(chunk));
			answer.on("end", () => {
				const body = Buffer.concat(chunks);
				const headers: string[] = [];
				for (let i = 0; i < answer.rawHeaders.length; i += 2) {
					const name = (answer.rawHeaders[i] as string).toLowerCase();
					if (name === "transfer-encoding" || name === "content-length") continue;
					if (BODILESS.has(status) && name === "content-encoding") continue;
					headers.push(answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string);
				}
				if (!BODILESS.has(status)) headers.push("Content-Length", String(body.byteLength));
				res.writeHead(status, answer.statusMessage, headers);
				res.end(head ? undefined : body);
			});
		},
	);
	req.on("error", () => out.destroy());
	out.on("error", (error) => {
		if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
		res.end(`502 Bad Gateway\n\nwrangler dev did not answer: ${error.message}\n`);
	});
	req.pipe(out);
}

export type DevServer = {
	url: string;
	close(): Promise<void>;
	output(): string;
	/** How many builds the build server made (the others, none while it is up, were made by the build command itself). */
	served(): number;
};

/** How long a build server asked to stop may take before it is killed. */
const STOP_GRACE_MS = 2_000;

/**
 * The build server (scripts/build-server.ts) on a socket of its own, started again whenever it
 * stops until `close`; `say` is given what it prints. Resolves once it listens.
 */
async function startBuildServer(
	say: (text: string) => void,
): Promise<{ socket: string; served(): number; close(): Promise<void> }> {
	const socket = join(tmpdir(), `reelfeed-build-${process.pid}-${Date.now().toString(36)}.sock`);
	let closing = false;
	let child: ChildProcess | undefined;
	let served = 0;
	const start = () =>
		new Promise<void>((done) => {
			const server = spawn(process.execPath, [join(ROOT, "scripts/build-server.ts"), socket], {
				cwd: ROOT,
				stdio: ["ignore", "pipe", "pipe"],
			});
			child = server;
			let ready = false;
			server.stdout?.on("data", (chunk: Buffer) => {
				const text = chunk.toString();
				served += text.split("reelfeed build server: built").length - 1;
				if (!ready && text.includes("ready on")) {
					ready = true;
					done();
				}
			});
			server.stderr?.on("data", (chunk: Buffer) => say(chunk.toString()));
			server.on("exit", () => {
				// Until it is up again, the build command builds in its own process. One that never
				// came up is not started again (it would fail the same way, in a loop): the command
				// builds every time, as it does without a server.
				if (!ready) {
					say("reelfeed: the build server did not start; each build runs in a process of its own\n");
					done();
				} else if (!closing) void start();
			});
		});
	await start();
	return {
		socket,
		served: () => served,
		close: async () => {
			closing = true;
			if (child && child.exitCode === null) {
				const server = child;
				const exited = new Promise((done) => server.once("exit", done));
				server.kill("SIGTERM");
				// A server in the middle of a build hears the signal only once the build lets it (half
				// a minute at a million articles, the warm-up after its start). Killed then, it loses
				// nothing: a build writes each file aside then renames it, and a build killed half-way
				// leaves no stamp, so the next build makes it again.
				const killer = setTimeout(() => server.kill("SIGKILL"), STOP_GRACE_MS);
				await exited;
				clearTimeout(killer);
			}
		},
	};
}

/** After how long a start that has not answered is said to be slow (it is waited for: see startDev). */
const SLOW_START_MS = 90_000;

/** How long after a change the content is built: a save is often several (a file written aside, then renamed). */
const SETTLE_MS = 100;

/**
 * Builds the content again after each change under `dir`, with the configuration's build command
 * (`build`, as wrangler dev runs it at its start), one build at a time, the changes made during one
 * built after it; `say` is given what it prints. wrangler dev then reloads the Worker, whose module
 * the build wrote. Not wrangler's own watch (`build.watch_dir`): that puts a watch on every file
 * of the folder (chokidar), and a million articles exhaust the kernel's watches
 * (fs.inotify.max_user_watches: ENOSPC), which took wrangler down after minutes of trying. Here
 * each folder has one watch, as the build server's listing has (scripts/listing.ts, folderWatches).
 */
export function buildOnSave(
	dir: string,
	build: { command: string; cwd: string; env: NodeJS.ProcessEnv },
	say: (text: string) => void,
): { close(): void } {
	let timer: NodeJS.Timeout | undefined;
	let running: ChildProcess | undefined;
	let again = false;
	let closed = false;
	const run = () => {
		again = false;
		const child = spawn(build.command, {
			shell: true,
			cwd: build.cwd,
			env: build.env,
			stdio: ["ignore", "pipe", "pipe"],
		});
		running = child;
		child.stdout?.on("data", (chunk: Buffer) => say(chunk.toString()));
		child.stderr?.on("data", (chunk: Buffer) => say(chunk.toString()));
		child.on("exit", () => {
			running = undefined;
			if (again && !closed) run();
		});
	};
	const changed = () => {
		if (closed) return;
		clearTimeout(timer);
		timer = setTimeout(() => {
			if (running) again = true;
			else run();
		}, SETTLE_MS);
	};
	const watches = folderWatches(
		dir,
		(rel, name) => {
			// A folder made (or moved in, or made again under a name it had) is watched anew, with the
			// folders in it.
			if (name !== null) {
				const path = rel ? `${rel}/${name}` : name;
				const stats = statSync(join(dir, path), { throwIfNoEntry: false });
				if (stats?.isDirectory()) {
					watches.drop(path);
					watches.walk(path);
				}
			}
			changed();
		},
		// A folder removed: its watch went with it (the change is its parent's to tell).
		() => undefined,
	);
	// Not there (yet): the build says what is missing.
	watches.walk("");
	return {
		close() {
			closed = true;
			clearTimeout(timer);
			watches.close();
			running?.kill("SIGTERM");
		},
	};
}

/**
 * Starts wrangler dev and the proxy; resolves once the Worker answers. `quiet` keeps wrangler's
 * output to itself (the tests read it with output()).
 */
export async function startDev(options: {
	port: number;
	ip?: string;
	content?: string;
	quiet?: boolean;
	buildArgs?: string[];
}): Promise<DevServer> {
	const ip = options.ip ?? "localhost";
	const [upstream, inspector] = (await freePorts(2, [options.port])) as [number, number];
	const content = options.content ? resolve(options.content) : undefined;
	const own = content === undefined || content === join(ROOT, "content");
	const config = own ? join(ROOT, "wrangler.toml") : configFor(content, options.buildArgs).config;
	const bin = join(ROOT, "node_modules/.bin");
	const args = [
		"dev",
		"--config",
		config,
		"--ip",
		"127.0.0.1",
		"--port",
		String(upstream),
		"--inspector-port",
		String(inspector),
		"--show-interactive-dev-session=false",
		// GET /__scheduled runs the Cron Trigger now (it tells the WebSub hubs of embargoes lifted).
		"--test-scheduled",
	];
	let log = "";
	const builds = await startBuildServer((text) => {
		log += text;
		if (!options.quiet) process.stderr.write(text);
	});
	const env = {
		...process.env,
		PATH: `${bin}:${process.env.PATH}`,
		REELFEED_BUILD_SERVER: builds.socket,
		WRANGLER_SEND_METRICS: "false",
		// reelfeed never reads request.cf: do not fetch its sample from the network at start.
		CLOUDFLARE_CF_FETCH_ENABLED: "false",
	};
	// Each save built, as wrangler dev builds at its start (see buildOnSave).
	const saves = buildOnSave(
		content ?? join(ROOT, "content"),
		{ ...buildCommandOf(config), env: { ...env, WRANGLER_COMMAND: "dev" } },
		(text) => {
			log += text;
			if (!options.quiet) process.stderr.write(text);
		},
	);
	const child: ChildProcess = spawn(join(bin, "wrangler"), args, {
		cwd: ROOT,
		env,
		stdio: ["ignore", "pipe", "pipe"],
	});
	const shown = `http://${ip}:${options.port}`;
	const relay = (chunk: Buffer, to: NodeJS.WriteStream) => {
		const text = chunk.toString().replaceAll(`http://127.0.0.1:${upstream}`, shown);
		log += text;
		if (!options.quiet) to.write(text);
	};
	child.stdout?.on("data", (chunk: Buffer) => relay(chunk, process.stdout));
	child.stderr?.on("data", (chunk: Buffer) => relay(chunk, process.stderr));

	const ready = new Promise<void>((done, fail) => {
		// Not a failure: the first build of a large archive, inside wrangler dev's start, takes minutes.
		const timer = setTimeout(() => {
			const text = `reelfeed: wrangler dev has not started after ${SLOW_START_MS / 1000} s; the first build of a large archive takes minutes (about 7 at a million articles), the next ones seconds. Waiting for it.\n`;
			log += text;
			if (!options.quiet) process.stderr.write(text);
		}, SLOW_START_MS);
		const check = () => {
			if (log.includes("Ready on")) {
				clearTimeout(timer);
				done();
			}
		};
		child.stdout?.on("data", check);
		child.stderr?.on("data", check);
		child.on("exit", (code) => {
			clearTimeout(timer);
			fail(new Error(`wrangler dev exited (${code}):\n${log}`));
		});
	});
	// Requests that arrive before the Worker is up wait for it.
	const server = createServer((req, res) => {
		ready.then(
			() => proxy(upstream, req, res),
			() => res.writeHead(502).end(),
		);
	});
	await new Promise<void>((done, fail) => {
		server.once("error", fail);
		server.listen(options.port, ip, done);
	});
	try {
		await ready;
	} catch (error) {
		server.close();
		saves.close();
		if (child.exitCode === null) child.kill("SIGTERM");
		await builds.close();
		throw error;
	}
	return {
		url: shown,
		output: () => log,
		served: builds.served,
		close: async () => {
			server.closeAllConnections();
			await new Promise((done) => server.close(done));
			saves.close();
			if (child.exitCode === null) {
				const exited = new Promise((done) => child.once("exit", done));
				child.kill("SIGTERM");
				await exited;
			}
			await builds.close();
		},
	};
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			port: { type: "string", default: process.env.PORT ?? "8787" },
			ip: { type: "string", default: "localhost" },
			content: { type: "string" },
		},
	});
	const content = values.content ?? process.env.REELFEED_CONTENT;
	try {
		const dev = await startDev({ port: Number(values.port), ip: values.ip, ...(content ? { content } : {}) });
		console.log(
			`\nreelfeed: serving ${relative(process.cwd(), content ?? join(ROOT, "content")) || "."} on ${dev.url} (Ctrl+C to stop)\n`,
		);
		const stop = async () => {
			await dev.close();
			process.exit(0);
		};
		process.on("SIGINT", stop);
		process.on("SIGTERM", stop);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
}
