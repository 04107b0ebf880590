import { env } from "cloudflare:test";
import { Validator } from "@cfworker/json-schema";
import { Hono } from "hono";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import { cacheUse, clearCaches } from "../../src/caches.ts";
import { contentFileNames } from "../../src/content/index.ts";
import { FORMATS } from "../../src/feeds/index.ts";
import { madeUpFeed } from "../../src/feeds/warm.ts";
import { loadContentFiles } from "../../src/http/content.ts";
import { WARM_PATHS, warmShell, warmUp } from "../../src/http/warm.ts";
import worker from "../../src/index.ts";
import { get, parseXml } from "./helpers.ts";

describe("an isolate's start (src/http/warm.ts)", () => {
	it("renders a made-up feed whose items carry every field a feed shows, in every format", () => {
		const doc = madeUpFeed();
		const rss = parseXml(FORMATS.rss.render(doc)).rss.channel;
		expect(rss.item).toHaveLength(2);
		const [first] = rss.item;
		expect(first["media:content"]).toBeDefined();
		expect(first.category).toHaveLength(2);
		const atom = parseXml(FORMATS.atom.render(doc)).feed;
		expect(atom.entry).toHaveLength(2);
		const json = JSON.parse(FORMATS.json.render(doc));
		expect(new Validator(jsonFeedSchema as object, "7").validate(json).valid).toBe(true);
		expect(json.items[0].image).toMatch(/^https:\/\/warm-up\.invalid\//);
		expect(json.items[1].authors).toEqual([{ name: "An Author" }]);
	});

	it("keeps nothing of it: an isolate that started holds nothing but the content files loaded for these tests", async () => {
		// Importing the Worker runs its start, as workerd does before the first request.
		await import("../../src/index.ts");
		expect(cacheUse().filter((c) => c.name !== "contentFiles" && c.entries > 0)).toEqual([]);
		// And again, called by hand: every cache holds what it held before.
		const before = cacheUse();
		const app = new Hono();
		app.get("/feed.xml", (c) => c.text("a feed"));
		warmUp(app);
		expect(cacheUse()).toEqual(before);
	});

	it("runs the Worker's handler on made-up requests, each as far as it goes without a content file, and keeps nothing", async () => {
		// An isolate as its start finds it: no content file loaded, nothing cached.
		clearCaches();
		try {
			const outcomes = await warmShell(worker.fetch);
			expect(outcomes.map((o) => o.path)).toEqual([...WARM_PATHS]);
			// Each answered (robots.txt and a page not there need no file) or stopped at its first file:
			// none failed on the way, which would leave its code cold.
			expect(outcomes.filter((o) => o.ended instanceof Error)).toEqual([]);
			expect(Object.fromEntries(outcomes.map((o) => [o.path, o.ended]))).toMatchObject({
				"/robots.txt": 200,
				"/warm-up/nothing-here": 404,
				"/feed.xml": "stopped",
				"/people/warm-up": "stopped",
				"/articles/warm-up": "stopped",
			});
			expect(cacheUse().filter((c) => c.entries > 0)).toEqual([]);
			// Responses have their bodies again.
			expect(await new Response("a body").text()).toBe("a body");
		} finally {
			await loadContentFiles(env, contentFileNames());
		}
		// The next request is answered whole: nothing it reads was left by the warm-up.
		const robots = await get("/robots.txt");
		expect(robots.status).toBe(200);
		expect(await robots.text()).toMatch(/^Sitemap: /m);
	});

	it("runs none of it in an isolate that has loaded content files: a request could then be answered, and kept", async () => {
		expect(cacheUse().find((c) => c.name === "contentFiles")?.entries).toBeGreaterThan(0);
		expect(await warmShell(worker.fetch)).toEqual([]);
	});
});
