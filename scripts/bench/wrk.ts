/** wrk, the load generator: found or installed, run, and its report read. */
import { execFileSync, spawnSync } from "node:child_process";

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

/** How hard and how long a run loads the server. */
export type Load = { connections: number; seconds: number };

export type WrkOptions = Load & {
	/** wrk's threads: one unless said otherwise. */
	threads?: number;
	/** One header, as `Name: value`. */
	header?: string;
	/** A Lua script (bench/*.lua), and the environment it reads. */
	lua?: string;
	env?: Record<string, string>;
};

/** What the benchmark and the soak read from wrk's report. */
export type WrkResult = {
	requests: number;
	rps: number;
	p50Ms: number;
	p99Ms: number;
	/** Connect, read, write and timeout errors together. */
	socketErrors: number;
	/** Responses other than 2xx and 3xx. */
	non2xx3xx: number;
};

/** Runs wrk and returns its report as printed, with whatever its Lua script's `done` added. */
export function runWrk(bin: string, url: string, o: WrkOptions): string {
	const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.seconds}s`, "--latency"];
	if (o.header) args.push("-H", o.header);
	if (o.lua) args.push("-s", o.lua);
	args.push(url);
	return execFileSync(bin, args, { encoding: "utf8", env: { ...process.env, ...o.env } });
}

/** A latency percentile of the `--latency` distribution in milliseconds (wrk prints us, ms or s). */
function percentileMs(out: string, percent: number): number {
	const match = new RegExp(`\\s${percent}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
	if (!match) return Number.NaN;
	const [, value, unit] = match;
	return Number(value) * (unit === "us" ? 0.001 : unit === "s" ? 1000 : 1);
}

export function parseWrk(out: string): WrkResult {
	const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
	return {
		requests: Number(/(\d+) requests in/.exec(out)?.[1]),
		rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
		p50Ms: percentileMs(out, 50),
		p99Ms: percentileMs(out, 99),
		socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
		non2xx3xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
	};
}

export const wrk = (bin: string, url: string, o: WrkOptions): WrkResult => parseWrk(runWrk(bin, url, o));
