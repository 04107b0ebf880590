import { describe, expect, it } from "vitest";
import { ARTICLES, alternates, get, ORIGIN, page } from "./helpers.ts";

describe("article pages", () => {
	it("exist for every article in the site feed, with the article's title and full text", async () => {
		const feed = JSON.parse(await (await get("/feed.json")).text());
		expect(feed.items).toHaveLength(3);
		for (const item of feed.items) {
			const res = await get(item.url);
			expect(res.status, item.url).toBe(200);
			expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
			const html = await res.text();
			expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
			// The text as the feeds carry it; the lead image, which feeds put first in it, the page
			// shows in every size (see images.test.ts).
			expect(html).toContain(
				item.content_html.replace(/^(?:<p><strong>Correction \(.*?<\/p>)*(?:<figure>.*?<\/figure>)?/s, ""),
			);
			expect(html).toContain(`<link rel="canonical" href="${item.url}"/>`);
		}
	});

	it("advertise the site feeds and the feeds of the people and films they mention", async () => {
		const html = await (await get(`/articles/${ARTICLES.interview}`)).text();
		expect(html).toContain(`type="application/rss+xml" title="reelfeed (RSS)" href="${ORIGIN}/feed.xml"`);
		expect(html).toContain(`href="${ORIGIN}/feed/person/tom-holland.json"`);
		expect(html).toContain(`href="/films/cherry"`);
	});

	it("link the people and films they mention, and advertise their feeds", async () => {
		const html = await page(`/articles/${ARTICLES.interview}`);
		expect(html).toContain('<a href="/people/tom-holland">Tom Holland</a>');
		expect(html).toContain('<a href="/series/the-simpsons">The Simpsons (1989)</a>');
		expect(alternates(html)).toContain(`${ORIGIN}/feed/film/cherry.atom`);
		expect(alternates(html)).not.toContain(`${ORIGIN}/feed/person/rudhraksh-jaiswal.atom`);
	});
});
