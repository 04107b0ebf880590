/**
 * workerd, serving the deploy bundle as `workerd serve` with a capnp config (no wrangler in the
 * measured path), beside the baseline worker (bench/baseline.js) in the same process; and reading
 * the process's CPU time and memory from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { retryOnPortTaken } from "../ports.ts";
import { type Built, msSince } from "./build.ts";
import { BIN, OUT, ROOT } from "./paths.ts";

export function workerdBinary(): string {
	// The workerd that wrangler itself runs (wrangler's own dependency).
	const nested = join(ROOT, "node_modules/wrangler/node_modules/workerd/bin/workerd");
	return existsSync(nested) ? nested : join(BIN, "workerd");
}

export const workerdVersion = () => execFileSync(workerdBinary(), ["--version"], { encoding: "utf8" }).trim();

const wranglerToml = () => readFileSync(join(ROOT, "wrangler.toml"), "utf8");
export const compatDate = () => /^compatibility_date\s*=\s*"([^"]+)"/m.exec(wranglerToml())?.[1];
/** The deployed Worker's compatibility flags, as a capnp list (a TOML array of strings reads as one). */
const compatFlags = () => /^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(wranglerToml())?.[1] ?? "[]";

/** Puts the baseline worker's module into `dir`, where a config there embeds it from. */
export const writeBaselineWorker = (dir: string) =>
	writeFileSync(join(dir, "baseline.js"), readFileSync(join(ROOT, "bench/baseline.js")));

/** One corpus in a capnp config: its bundle and its baselines, each on its own port. */
type Site = { label: string; built: Built; port: number; basePort: number; prefix: string };

/**
 * A workerd config serving each corpus's reelfeed bundle and its baseline worker; `prefix` is the
 * corpus's folder relative to the config file. One process serves them all.
 */
function capnp(sites: Site[], v8Flags: string[] = []): string {
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
		services.push(
			`(name = "reelfeed${n}", worker = .reelfeed${n})`,
			`(name = "baseline${n}", worker = .baseline${n})`,
			// Workers Static Assets as the ASSETS binding reads them: the corpus's files, from disk.
			`(name = "assets${n}", disk = (path = "${built.publicDir}", writable = false))`,
		);
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
  bindings = [ (name = "ASSETS", service = "assets${n}") ],
);
const baseline${n} :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "${prefix}baseline.js"), (name = "statics.json", json = embed "${prefix}statics.json") ],
  compatibilityDate = "${compatDate()}",
);`);
	}
	return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  v8Flags = [ ${v8Flags.map((f) => JSON.stringify(f)).join(", ")} ],
  services = [ ${services.join(", ")} ],
  sockets = [
    ${sockets.join(",\n    ")},
  ],
);
${workers.join("\n")}
`;
}

/** Where a corpus is served: reelfeed, and its baselines (/floor, /static/…). */
export type Endpoints = { url: string; base: string };

/** A workerd process; `pid` is its process id, known once it has started. */
export type Workerd = { child: ChildProcess; pid: number };

export type Startup = {
	/** Wall time from process start to the first response to `firstPath`. */
	firstResponseMs: number;
	/** With `probe`: to listening, and the CPU of the process while it answered that first request. */
	listenMs?: number;
	/** CPU of the process from its start to listening. */
	listenCpuMs?: number;
	firstRequestCpuMs?: number;
};

/** `inspectorPort`: where the V8 inspector listens, when asked for with `inspector`. */
export type Server = Endpoints & Workerd & { startup: Startup; inspectorPort?: number };

export type StartOptions = {
	/** The first request, the site feed unless said otherwise. */
	firstPath?: string;
	/**
	 * Wait for the baseline's /floor (listening) and read workerd's CPU around the first request.
	 * Those steps take time of their own, so a cold start is timed without them, in other processes.
	 */
	probe?: boolean;
	/** Serve the V8 inspector (DevTools protocol): what isolate memory is read through. */
	inspector?: boolean;
	/** V8 flags for the process (`v8Flags` in its config): `--expose-gc` lets the inspector collect garbage. */
	v8Flags?: string[];
};

/**
 * `workerd serve` on `args` in `dir`, what it says on stderr kept: `alive()` throws it once the
 * process has exited, its pipes drained, so that what it said before (a port taken) is all there.
 */
export function spawnWorkerd(dir: string, args: string[]) {
	const child = spawn(workerdBinary(), ["serve", ...args, "--experimental"], {
		cwd: dir,
		stdio: ["ignore", "ignore", "pipe"],
	});
	let stderr = "";
	child.stderr?.on("data", (d) => {
		stderr += d;
	});
	const closed = new Promise<void>((done) => child.once("close", () => done()));
	return {
		child,
		said: () => stderr,
		alive: async () => {
			if (child.exitCode === null) return;
			await closed;
			throw new Error(`workerd exited: ${stderr}`);
		},
	};
}

/** Starts workerd on a config (text, or binary with `--binary`) and waits until every site answers. */
async function start(
	dir: string,
	config: string[],
	sites: Endpoints[],
	o: StartOptions & { inspectorPort?: number } = {},
) {
	const firstPath = o.firstPath ?? "/feed.xml";
	const started = process.hrtime.bigint();
	const inspector = o.inspectorPort === undefined ? [] : [`--inspector-addr=127.0.0.1:${o.inspectorPort}`];
	const { child, said, alive } = spawnWorkerd(dir, [...config, ...inspector]);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`workerd did not start: ${workerdBinary()}`);
	const startup: Startup = { firstResponseMs: 0 };
	for (const { url, base } of sites) {
		for (;;) {
			await alive();
			try {
				let cpuBefore = 0;
				if (o.probe) {
					if (startup.listenMs === undefined) {
						await fetch(`${base}/floor`);
						startup.listenMs = msSince(started);
						// Everything the process did to start: the runtime's own, and each worker's global scope.
						startup.listenCpuMs = cpuNs(pid) / 1e6;
					}
					cpuBefore = cpuNs(pid);
				}
				const res = await fetch(`${url}${firstPath}`);
				await res.arrayBuffer();
				if (res.ok) {
					if (o.probe) startup.firstRequestCpuMs ??= (cpuNs(pid) - cpuBefore) / 1e6;
					break;
				}
			} catch {
				await new Promise((r) => setTimeout(r, 2));
			}
			if (msSince(started) > 60_000) throw new Error(`workerd did not answer in 60 s: ${said()}`);
		}
	}
	startup.firstResponseMs = msSince(started);
	return { child, pid, startup };
}

/** What a /static/… baseline answers: a response of reelfeed's, body and headers, copied. */
export type StaticFile = { body: string; headers: Record<string, string> };
/** The static copies a corpus's baseline worker serves, by path. */
export type Statics = Record<string, StaticFile>;

/** Headers that describe the connection or the encoding rather than the resource. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date"]);

export async function staticCopy(url: string): Promise<StaticFile> {
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
	writeBaselineWorker(dir);
	writeFileSync(join(dir, "statics.json"), JSON.stringify(statics));
	// A port taken before workerd binds it (it exits, saying so) is no failure of the bundle's.
	return retryOnPortTaken(o.inspector ? 3 : 2, async ([port, basePort, inspectorPort]) => {
		writeFileSync(
			join(dir, "config.capnp"),
			capnp([{ label: "", built, port: port as number, basePort: basePort as number, prefix: "" }], o.v8Flags),
		);
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
		return { url, base, inspectorPort, ...(await start(dir, config, [{ url, base }], { ...o, inspectorPort })) };
	});
}

/**
 * Every corpus in one workerd process, each on its own sockets beside its own baselines (each
 * corpus's baseline.js and statics.json as `serve` last left them in bench/out/<n>/): the
 * throughput rounds run here, so corpora are compared side by side, in the same process and the
 * same minutes, as routes are compared with their baselines. Each site is its corpus and where it
 * is served.
 */
export async function serveAll<T extends { articles: number; built: Built }>(
	corpora: readonly T[],
): Promise<Workerd & { sites: (T & Endpoints)[] }> {
	return retryOnPortTaken(2 * corpora.length, async (ports) => {
		const configs: Site[] = [];
		const sites: (T & Endpoints)[] = [];
		for (const [i, corpus] of corpora.entries()) {
			const [port, basePort] = [ports[2 * i] as number, ports[2 * i + 1] as number];
			const { articles: n, built } = corpus;
			configs.push({ label: String(n), built, port, basePort, prefix: `${n}/` });
			sites.push({ ...corpus, url: `http://127.0.0.1:${port}`, base: `http://127.0.0.1:${basePort}` });
		}
		writeFileSync(join(OUT, "all.capnp"), capnp(configs));
		const { child, pid } = await start(OUT, ["all.capnp"], sites);
		return { child, pid, sites };
	});
}

/** Runs `f` against a server, and kills the server's process after, whatever happened. */
export async function withServer<T>(server: Server, f: (server: Server) => Promise<T>): Promise<T> {
	try {
		return await f(server);
	} finally {
		server.child.kill("SIGKILL");
	}
}

/**
 * CPU time of every thread of a process, in nanoseconds (schedstat): precise enough for one
 * request, where `utime + stime` counts 10 ms ticks. workerd keeps a fixed set of threads, so none
 * exits with its time between two readings; one that did would be skipped.
 */
export const cpuNs = (pid: number) =>
	readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
		try {
			return sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
		} catch {
			return sum;
		}
	}, 0);

export const rssMiB = (pid: number) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
