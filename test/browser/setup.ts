/**
 * Starts what the browser tests need: the Worker under `wrangler dev` (workerd, as `npm start`
 * runs it) and, on another port, a plain page from a different origin that embeds it. Without
 * Chromium the tests are skipped with the reason printed, except in CI (CI=true), where that fails.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export const CHROMIUM = process.env.REELFEED_CHROMIUM ?? "/usr/bin/chromium";

/** A port nothing listens on now, so a running `npm start` or a second test run does not collide. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createNetServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() =>
				typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
			);
		});
	});
}

declare module "vitest" {
	export interface ProvidedContext {
		browser: { skip?: string; worker: string; embedder: string; chromium: string };
	}
}

async function startWorker(port: number): Promise<ChildProcess> {
	const bin = join(process.cwd(), "node_modules/.bin");
	const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort())];
	const child = spawn(join(bin, "wrangler"), args, {
		env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false" },
		stdio: ["ignore", "pipe", "pipe"],
	});
	return new Promise((resolve, reject) => {
		let log = "";
		const timer = setTimeout(() => reject(new Error(`wrangler dev did not start in 60 s:\n${log}`)), 60_000);
		const onData = (chunk: Buffer) => {
			log += chunk;
			if (log.includes("Ready on")) {
				clearTimeout(timer);
				resolve(child);
			}
		};
		child.stdout?.on("data", onData);
		child.stderr?.on("data", onData);
		child.on("exit", (code) => reject(new Error(`wrangler dev exited (${code}):\n${log}`)));
	});
}

function startEmbedder(worker: string, port: number): Promise<Server> {
	const page = readFileSync(join(import.meta.dirname, "embedder.html"), "utf8").replaceAll("{{WORKER}}", worker);
	const server = createServer((_, res) => {
		res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
		res.end(page);
	});
	return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export default async function setup(project: TestProject) {
	const [workerPort, embedderPort] = [await freePort(), await freePort()];
	const worker = `http://127.0.0.1:${workerPort}`;
	const embedder = `http://127.0.0.1:${embedderPort}`;
	if (!existsSync(CHROMIUM)) {
		const reason = `${CHROMIUM} not found (Debian: apt-get install chromium; or set REELFEED_CHROMIUM)`;
		if (process.env.CI === "true") throw new Error(`browser tests must run in CI, but ${reason}`);
		console.warn(`\n  Browser tests SKIPPED: ${reason}.\n`);
		project.provide("browser", { skip: reason, worker, embedder, chromium: CHROMIUM });
		return;
	}
	const child = await startWorker(workerPort);
	const server = await startEmbedder(worker, embedderPort);
	project.provide("browser", { worker, embedder, chromium: CHROMIUM });
	return async () => {
		server.close();
		child.kill("SIGTERM");
	};
}
