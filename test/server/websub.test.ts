import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev } from "../../scripts/dev.ts";
import { freePort } from "../../scripts/ports.ts";
import { publish } from "../../scripts/publish.ts";
import { ROOT } from "../../scripts/worker-config.ts";
import { contentCopy } from "./servers.ts";

/**
 * WebSub over real HTTP: a hub double (a local server that records every publish notification it
 * receives, and fails on request), told by the deploy's publish step of the feeds a deploy
 * changed, and by the Worker's Cron Trigger under `wrangler dev --test-scheduled` of the feeds an
 * embargo lifting changed. No Cloudflare account: the deploy's build runs as `wrangler deploy`
 * runs it, and keeps the content's own history, which is how the next deploy knows the last.
 */
type Received = { path: string; mode: string | null; topic: string | null };

function startHub(): Promise<{ url: string; received: Received[]; failNext: (n: number) => void; server: Server }> {
	const received: Received[] = [];
	let failures = 0;
	const server = createServer((req, res) => {
		let body = "";
		req.on("data", (c: Buffer) => {
			body += c.toString();
		});
		req.on("end", () => {
			if (failures > 0) {
				failures--;
				res.writeHead(503).end();
				return;
			}
			const form = new URLSearchParams(body);
			received.push({ path: req.url ?? "", mode: form.get("hub.mode"), topic: form.get("hub.url") });
			res.writeHead(204).end();
		});
	});
	return new Promise((done) =>
		server.listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			done({ url: `http://127.0.0.1:${port}/hub`, received, failNext: (n) => (failures = n), server });
		}),
	);
}

let hub: Awaited<ReturnType<typeof startHub>>;
beforeAll(async () => {
	hub = await startHub();
});
afterAll(() => hub?.server.close());

/** A copy of the fixtures whose site names the hub double and a public origin. */
function siteCopy(origin: string): string {
	const dir = contentCopy();
	const site = readFileSync(join(dir, "site.yaml"), "utf8").replace(/hubs:\n(?:\s+- .*\n)+/, "");
	writeFileSync(join(dir, "site.yaml"), `${site}base_url: ${origin}\nhubs:\n  - ${hub.url}\n`);
	return dir;
}

/** The build as `wrangler deploy` runs it: its history is the content's own; it lists what it changed. */
function deployBuild(content: string, list: string, now: string) {
	const out = join(mkdtempSync(join(tmpdir(), "reelfeed-deploy-")), "compiled.js");
	const result = spawnSync(
		process.execPath,
		["scripts/build-content.ts", "--quiet", "--content", content, "--out", out, "--now", now, "--publish-list", list],
		{ cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_COMMAND: "deploy" }, timeout: 60_000 },
	);
	expect(result.status, result.stderr).toBe(0);
}

const quiet = () => undefined;

/** A copy of the fixtures naming the hub double, deployed once (its publish list not yet sent). */
function firstDeploy(): { content: string; list: string } {
	const content = siteCopy("https://reelfeed.example");
	const list = join(mkdtempSync(join(tmpdir(), "reelfeed-publish-")), "publish.json");
	deployBuild(content, list, "2026-11-30T12:00:00Z");
	return { content, list };
}

/** Runs the publish step, which must succeed, and returns the feeds the hub double was told of. */
async function toldOf(list: string): Promise<Set<string | null>> {
	hub.received.length = 0;
	expect(await publish(list, quiet)).toBe(0);
	return new Set(hub.received.map((r) => r.topic));
}

/** An editor's change to an article of the copy. */
function change(content: string, article: string, from: string, to: string) {
	const file = join(content, "articles", article);
	writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
}

describe("a deploy", () => {
	it("tells the hubs of exactly the feeds whose bytes it changed, and of none twice", {
		timeout: 120_000,
	}, async () => {
		// The first deploy: every feed is new to the hubs.
		const { content, list } = firstDeploy();
		expect(existsSync(join(content, "feed-history.json"))).toBe(true);
		const first = await toldOf(list);
		expect(first).toContain("https://reelfeed.example/feed.xml");
		expect(first).toContain("https://reelfeed.example/feed/person/tom-holland.atom");
		expect(hub.received.every((r) => r.mode === "publish")).toBe(true);
		// Published lists are not sent again.
		expect((await toldOf(list)).size).toBe(0);

		// The editor corrects the interview (which names Tom Holland, unlike the other articles) and deploys.
		change(content, "joe-russo-talks-extraction.md", "kick ass action movie", "kick-ass action movie");
		deployBuild(content, list, "2026-12-01T12:00:00Z");
		const told = await toldOf(list);
		expect(told).toContain("https://reelfeed.example/feed.json");
		expect(told).toContain("https://reelfeed.example/feed/person/tom-holland.xml");
		expect(told).toContain("https://reelfeed.example/feed/person/joe-russo.atom");
		// Not the feeds the interview is not in: David Harbour is only in another article.
		expect(told).not.toContain("https://reelfeed.example/feed/person/david-harbour.xml");
		expect(told.size % 3).toBe(0);
		expect(told.size).toBeLessThan(first.size);

		// A deploy that changes nothing tells nothing.
		deployBuild(content, list, "2026-12-02T12:00:00Z");
		expect((await toldOf(list)).size).toBe(0);
	});

	it("keeps what a deploy that never went live changed, and tells it with the next", { timeout: 120_000 }, async () => {
		const { content, list } = firstDeploy();
		expect(await publish(list, quiet)).toBe(0);
		// A deploy whose upload fails: its build has already recorded the change, and nothing is published.
		change(content, "joe-russo-talks-extraction.md", "kick ass action movie", "kick-ass action movie");
		deployBuild(content, list, "2026-12-01T12:00:00Z");
		// The next deploy changes another article; its list still names the first change's feeds.
		change(content, "extraction-2-already-in-the-works.md", "massive success", "huge success");
		deployBuild(content, list, "2026-12-02T12:00:00Z");
		const told = await toldOf(list);
		expect(told).toContain("https://reelfeed.example/feed/person/tom-holland.xml");
		expect(told).toContain("https://reelfeed.example/feed/person/david-harbour.xml");
	});

	it("tells the feeds of an embargo that lifted while the deploy went live, which no Cron Trigger covers", {
		timeout: 120_000,
	}, async () => {
		const { content, list } = firstDeploy();
		expect(await publish(list, quiet)).toBe(0);
		// Built at 12:00, dated 12:05: hidden by the build, revealed before the publish step runs (now).
		writeFileSync(
			join(content, "articles", "quick-scoop.md"),
			"---\ntitle: A quick scoop\ndate: 2026-12-01T12:05:00Z\n---\nTom Holland joins Extraction 2.\n",
		);
		deployBuild(content, list, "2026-12-01T12:00:00Z");
		const told = await toldOf(list);
		expect(told).toContain("https://reelfeed.example/feed.xml");
		expect(told).toContain("https://reelfeed.example/feed/person/tom-holland.json");
		expect(told).toContain("https://reelfeed.example/feed/film/extraction-2.atom");
		expect(told).not.toContain("https://reelfeed.example/feed/person/david-harbour.xml");
	});

	it("retries a failing hub, reports what could not be told, keeps it, and sends it on the next run", {
		timeout: 120_000,
	}, async () => {
		const { list } = firstDeploy();
		// Every try fails: each topic is tried four times, then reported.
		hub.failNext(10_000);
		const lines: string[] = [];
		expect(await publish(list, (l) => lines.push(l))).toBe(1);
		expect(lines.join("\n")).toMatch(
			/FAILED http:\/\/127\.0\.0\.1:\d+\/hub ← https:\/\/reelfeed\.example\/feed\.xml: HTTP 503 \(after 4 attempts\)/,
		);
		expect(existsSync(list)).toBe(true);
		// The hub is back: the next run sends what failed, and only that.
		hub.failNext(0);
		hub.received.length = 0;
		expect(await publish(list, quiet)).toBe(0);
		expect(hub.received.length).toBeGreaterThan(0);
		expect(existsSync(list)).toBe(false);
	});
});

describe("an embargo lifting under npm start", () => {
	it("tells the hub of the feeds it changed when the Cron Trigger runs", { timeout: 150_000 }, async () => {
		const port = await freePort();
		const origin = `http://127.0.0.1:${port}`;
		const content = siteCopy(origin);
		const reveal = new Date(Date.now() + 25_000).toISOString().replace(/\.\d+Z$/, "Z");
		writeFileSync(
			join(content, "articles", "scoop.md"),
			`---\ntitle: A scoop\ndate: ${reveal}\n---\nTom Holland joins Extraction 2.\n`,
		);
		const dev = await startDev({ port, ip: "127.0.0.1", content, quiet: true });
		try {
			const cron = async () => (await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`)).status;
			hub.received.length = 0;
			// Before the instant: the article is hidden, and the run tells nothing.
			expect((await fetch(`${origin}/articles/scoop`)).status).toBe(404);
			await cron();
			expect(hub.received).toEqual([]);
			await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(reveal) - Date.now() + 1_000)));
			expect((await fetch(`${origin}/articles/scoop`)).status).toBe(200);
			await cron();
			const told = new Set(hub.received.map((r) => r.topic));
			expect(told).toContain(`${origin}/feed.xml`);
			expect(told).toContain(`${origin}/feed/person/tom-holland.json`);
			expect(told).toContain(`${origin}/feed/film/extraction-2.atom`);
			expect(told).not.toContain(`${origin}/feed/person/david-harbour.xml`);
		} finally {
			await dev.close();
		}
	});
});
