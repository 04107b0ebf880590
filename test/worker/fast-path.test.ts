import { afterEach, describe, expect, it } from "vitest";
import { clearCaches } from "../../src/caches.ts";
import { clock } from "../../src/clock.ts";
import { feedStats } from "../../src/http/feeds.ts";
import { get, ORIGIN, parseXml, text } from "./helpers.ts";

/**
 * The feeds' fast path (src/http/feeds.ts, fromMemo) answers before any content file is loaded.
 * The edition that reveals the embargoed fixture (see embargo.test.ts) is made when first asked
 * for, and reads the revealed article's index entry and the person only it names: files an
 * isolate that has evicted them has not loaded. This file is its own isolate, so no test before
 * this one has made that edition.
 */
const REVEAL = Date.parse("2100-01-01T09:00:00Z");
const SLUG = "extraction-2-casts-golshifteh-farahani";
const realNow = clock.now;
afterEach(() => {
	clock.now = realNow;
});

describe("a feed polled from the memo", () => {
	it("as an embargo lifts, in an isolate that has not loaded what it reveals, is answered from the new edition", async () => {
		clock.now = () => REVEAL - 1;
		clearCaches();
		const before = await get("/feed.xml");
		expect(before.status).toBe(200);
		const fast = feedStats.fastPath;
		expect((await get("/feed.xml")).status).toBe(200);
		expect(feedStats.fastPath, "polled again, from the memo").toBe(fast + 1);
		// The memo keeps the feed; every content file and parsed record goes, as a busy isolate evicts them.
		clearCaches(["feeds", "feedUrls"]);
		clock.now = () => REVEAL;
		const after = await get("/feed.xml", { headers: { "if-none-match": before.headers.get("etag") as string } });
		expect(after.status).toBe(200);
		const items = parseXml(await after.text()).rss.channel.item;
		expect(text(items[0].link)).toBe(`${ORIGIN}/articles/${SLUG}`);
	});
});
