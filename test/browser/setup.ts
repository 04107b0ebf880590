/**
 * Starts what the browser tests need: the Worker as `npm start` serves it (scripts/dev.ts, on a
 * copy of the tests' own content) and, on another port, a plain page from a different origin that
 * embeds it. Without Chromium the tests are skipped with the reason printed, except in CI
 * (CI=true), where that fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { devServer } from "../server/servers.ts";

export const CHROMIUM = process.env.REELFEED_CHROMIUM ?? "/usr/bin/chromium";

declare module "vitest" {
	export interface ProvidedContext {
		browser: { skip?: string; worker: string; embedder: string; chromium: string };
	}
}

/** The page on another origin, on a port of its own (bound at once, so nothing can take it first). */
function startEmbedder(worker: string): Promise<Server> {
	const page = readFileSync(join(import.meta.dirname, "embedder.html"), "utf8").replaceAll("{{WORKER}}", worker);
	const server = createServer((_, res) => {
		res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
		res.end(page);
	});
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export default async function setup(project: TestProject) {
	const worker = "http://127.0.0.1";
	if (!existsSync(CHROMIUM)) {
		const reason = `${CHROMIUM} not found (Debian: apt-get install chromium; or set REELFEED_CHROMIUM)`;
		if (process.env.CI === "true") throw new Error(`browser tests must run in CI, but ${reason}`);
		console.warn(`\n  Browser tests SKIPPED: ${reason}.\n`);
		project.provide("browser", { skip: reason, worker, embedder: worker, chromium: CHROMIUM });
		return;
	}
	// npm start's dev server, on a copy of the tests' own content.
	const dev = await devServer();
	const server = await startEmbedder(dev.url);
	const embedder = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	project.provide("browser", { worker: dev.url, embedder, chromium: CHROMIUM });
	return async () => {
		server.close();
		await dev.close();
	};
}
