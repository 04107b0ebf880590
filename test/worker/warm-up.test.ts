import { Validator } from "@cfworker/json-schema";
import { Hono } from "hono";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import { cacheUse } from "../../src/caches.ts";
import { FORMATS } from "../../src/feeds/index.ts";
import { madeUpFeed } from "../../src/feeds/warm.ts";
import { warmUp } from "../../src/http/warm.ts";
import { parseXml } from "./helpers.ts";

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
});
