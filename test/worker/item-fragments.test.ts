import type { Feed } from "feed";
import { describe, expect, it } from "vitest";
import { toAtomEntry } from "../../src/feeds/atom.ts";
import { createFeed } from "../../src/feeds/feed-package.ts";
import { buildFeed, FORMATS, plainRequest } from "../../src/feeds/index.ts";
import { toRssItem } from "../../src/feeds/rss.ts";
import { ORIGIN } from "./helpers.ts";

describe("rendering items once per isolate", () => {
	const doc = buildFeed(plainRequest({ type: "site" }), ORIGIN);

	it("gives byte for byte what the feed package writes for the whole feed at once", () => {
		for (const [format, toItem] of [
			["rss", toRssItem],
			["atom", toAtomEntry],
		] as const) {
			const whole: Feed = createFeed(doc, format === "rss" ? { rss: doc.feeds.rss } : { atom: doc.feeds.atom });
			for (const item of doc.items) whole.addItem(toItem(item));
			const direct = format === "rss" ? whole.rss2() : whole.atom1();
			// Twice: the second render reuses every item.
			for (let i = 0; i < 2; i++) {
				const rendered = FORMATS[format].render(doc);
				const withoutView = rendered
					.replace('\n<?xml-stylesheet type="text/css" href="/assets/feed.css"?>', "")
					.replace(
						/ *<script xmlns="http:\/\/www\.w3\.org\/1999\/xhtml" src="\/assets\/feed-view\.js"><\/script>\n/,
						"",
					);
				expect(withoutView, format).toBe(direct);
			}
		}
	});

	it("does not reuse an item across origins", () => {
		const other = FORMATS.rss.render(buildFeed(plainRequest({ type: "site" }), "https://other.example"));
		expect(other).toContain("<link>https://other.example/articles/");
		expect(other).not.toContain(ORIGIN);
	});
});
