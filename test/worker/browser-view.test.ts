import { beforeEach, describe, expect, it } from "vitest";
import { feedStats } from "../../src/http/feeds.ts";
import { get, inContext, ORIGIN, parseXml, select, slowCachePuts, text } from "./helpers.ts";

const NAVIGATE = { "sec-fetch-dest": "document", "sec-fetch-mode": "navigate", accept: "text/html,*/*;q=0.8" };

/** The items of an RSS or Atom feed, as [link, title]. */
function itemsOf(xml: string): string[][] {
	const doc = parseXml(xml);
	if (doc.rss) return (doc.rss.channel.item ?? []).map((i: any) => [text(i.link), text(i.title)]);
	return (doc.feed.entry ?? []).map((e: any) => [e.link[0]["@href"], text(e.title).replace(/&amp;/g, "&")]);
}

beforeEach(() => feedStats.memo.clear());

const FEEDS = [
	"/feed.xml",
	"/feed.atom",
	"/feed/person/joe-russo.atom",
	"/feed/film/extraction.xml?limit=1",
	"/feed.atom?person=anthony-russo&limit=1&before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works",
];

describe("what a feed reader gets", () => {
	it("is the pure feed: no script, no stylesheet instruction, no XHTML, whatever it sends", async () => {
		for (const path of FEEDS) {
			const variants: Record<string, string>[] = [
				{},
				{ "sec-fetch-dest": "empty" },
				{ accept: "application/rss+xml, */*" },
			];
			for (const headers of variants) {
				const res = await get(path, { headers });
				expect(res.headers.get("content-type"), path).toMatch(/^application\/(rss|atom)\+xml; charset=utf-8$/);
				const body = await res.text();
				expect(body, path).not.toMatch(/<script|xml-stylesheet|w3\.org\/1999\/xhtml/);
				expect(itemsOf(body).length, path).toBeGreaterThan(0);
			}
		}
	});
});

describe("what a browser that navigates to a feed gets", () => {
	it("is a page in the site's layout that lists exactly the feed's items, says how to subscribe, and leads back", async () => {
		for (const path of FEEDS) {
			const feed = await (await get(path)).text();
			const res = await get(path, { headers: NAVIGATE });
			expect(res.status, path).toBe(200);
			expect(res.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
			expect(res.headers.get("vary"), path).toBe("Accept-Encoding, Sec-Fetch-Dest");
			expect(res.headers.get("content-security-policy"), path).toContain("script-src 'self'");
			const html = await res.text();
			const shown = (await select(html, ".feed-items li > a")).map((a) => [a.attrs.href, a.text]);
			expect(shown, path).toEqual(itemsOf(feed));
			// The address to copy is the feed's own self URL.
			const doc = parseXml(feed);
			const self = doc.rss
				? doc.rss.channel["atom:link"].find((l: any) => l["@rel"] === "self")["@href"]
				: doc.feed.link.find((l: any) => l["@rel"] === "self")["@href"];
			expect((await select(html, "input#feed-url"))[0]?.attrs.value, path).toBe(self);
			expect((await select(html, "h1"))[0]?.text, path).toBe(text(doc.rss ? doc.rss.channel.title : doc.feed.title));
			const links = (await select(html, "main a")).map((a) => a.attrs.href);
			expect(links, path).toContain(
				doc.rss ? text(doc.rss.channel.link) : doc.feed.link.find((l: any) => l["@rel"] === "alternate")["@href"],
			);
			expect(
				(await select(html, "header nav a")).map((a) => a.attrs.href),
				path,
			).toContain("/");
		}
	});

	it("links the page's other formats and, on a paged feed, the pages either side", async () => {
		const path = FEEDS[4] as string;
		const html = await (await get(path, { headers: NAVIGATE })).text();
		const hrefs = (await select(html, "main a")).map((a) => a.attrs.href);
		expect(hrefs).toContain(
			`${ORIGIN}/feed.xml?before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works&limit=1&person=anthony-russo`,
		);
		expect(hrefs).toContain(
			`${ORIGIN}/feed.json?before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works&limit=1&person=anthony-russo`,
		);
		expect((await select(html, ".pager a")).map((a) => a.text)).toEqual(["Newer articles"]);
		const alternates = (await select(html, 'link[rel="alternate"]')).map((l) => l.attrs.type);
		expect(alternates[0]).toBe("application/atom+xml");
	});

	it("has its own ETag and 304s, and never crosses with the feed in the memo or the edge cache", async () => {
		const path = "/feed/person/tom-holland.xml";
		slowCachePuts();
		for (let round = 0; round < 2; round++) {
			const here = inContext();
			const renders = feedStats.renders;
			// Alternating, so each answer may come from the other's memo entry if the key were shared.
			const feed = await here.get(path);
			const page = await here.get(path, { headers: NAVIGATE });
			expect(feed.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
			expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
			const [feedTag, pageTag] = [feed.headers.get("etag"), page.headers.get("etag")];
			expect(feedTag).not.toBe(pageTag);
			expect((await here.get(path, { headers: { ...NAVIGATE, "if-none-match": pageTag as string } })).status).toBe(304);
			expect((await here.get(path, { headers: { ...NAVIGATE, "if-none-match": feedTag as string } })).status).toBe(200);
			expect((await here.get(path, { headers: { "if-none-match": feedTag as string } })).status).toBe(304);
			expect((await (await here.get(path)).text()).startsWith("<?xml")).toBe(true);
			expect((await (await here.get(path, { headers: NAVIGATE })).text()).startsWith("<!DOCTYPE html>")).toBe(true);
			// The second round starts from the edge cache alone, and renders nothing.
			if (round === 1) expect(feedStats.renders).toBe(renders);
			// The edge cache's puts run after the responses, under waitUntil: wait until they have settled
			// (slowCachePuts: a put not given to waitUntil would not have finished by then).
			await here.settled();
			feedStats.memo.clear();
		}
	});

	it("is JSON for a JSON Feed, which browsers show as it is", async () => {
		const res = await get("/feed.json", { headers: NAVIGATE });
		expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
		expect(JSON.parse(await res.text()).version).toBe("https://jsonfeed.org/version/1.1");
	});
});
