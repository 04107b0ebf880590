import { describe, expect, it } from "vitest";
import { ARTICLES, get, ORIGIN, page, parseXml, select, text } from "./helpers.ts";

/**
 * The fixtures: ARTICLES.sequelOrPrequel carries a correction dated 2020-05-06T10:00Z;
 * ARTICLES.interview was first published as russo-extraction-interview; Sam Hargrave's entry was
 * once sam-hargraves; hemsworth-cast-in-musical-rumour is withdrawn, with a reason.
 */
const CORRECTED = "2020-05-06T10:00:00.000Z";
const NOTE = "An earlier version of this article said Sam Hargrave had signed to direct; he has not yet.";
const WITHDRAWN = "hemsworth-cast-in-musical-rumour";
const REASON = "The report relied on a single source that has since retracted it.";

const json = async (path: string) => (await get(path)).json<any>();
const articleUrl = (slug: string) => `${ORIGIN}/articles/${slug}`;

describe("a correction", () => {
	it("is at the top of the item in every format, and moves its update", async () => {
		const feed = await json("/feed.json");
		const item = feed.items.find((i: { url: string }) => i.url === articleUrl(ARTICLES.sequelOrPrequel));
		expect(item.date_modified).toBe(CORRECTED);
		expect(item.date_published).toBe("2020-05-04T00:00:00.000Z");
		const [first] = await select(`<div>${item.content_html}</div>`, "div > p:first-child");
		expect(first?.text).toBe(`Correction (2020-05-06): ${NOTE}`);
		const atom = parseXml(await (await get("/feed.atom")).text()).feed.entry.find(
			(e: any) => e.link[0]["@href"] === articleUrl(ARTICLES.sequelOrPrequel),
		);
		expect(text(atom.updated)).toBe(CORRECTED);
		expect(text(atom.content).startsWith("<p><strong>Correction (2020-05-06):</strong>")).toBe(true);
		const rss = parseXml(await (await get("/feed.xml")).text()).rss.channel.item.find(
			(i: any) => text(i.link) === articleUrl(ARTICLES.sequelOrPrequel),
		);
		expect(text(rss["content:encoded"]).startsWith("<p><strong>Correction (2020-05-06):</strong>")).toBe(true);
	});

	it("is shown on the article page, and JSON-LD's dateModified and correction follow", async () => {
		const html = await page(`/articles/${ARTICLES.sequelOrPrequel}`);
		const [aside] = await select(html, "article aside.corrections p");
		expect(aside?.text).toBe(`Correction (2020-05-06): ${NOTE}`);
		const [script] = await select(html, 'script[type="application/ld+json"]');
		const data = JSON.parse(script?.text ?? "{}");
		expect(data.dateModified).toBe(CORRECTED);
		expect(data.correction).toEqual([{ "@type": "CorrectionComment", text: NOTE, datePublished: CORRECTED }]);
	});
});

describe("a renamed article or entry", () => {
	it("answers its old URLs with a 301 to the new ones, the query kept", async () => {
		const cases: [string, string][] = [
			["/articles/russo-extraction-interview", `/articles/${ARTICLES.interview}`],
			["/people/sam-hargraves", "/people/sam-hargrave"],
			["/feed/person/sam-hargraves.xml", "/feed/person/sam-hargrave.xml"],
			["/feed/person/sam-hargraves.json?limit=2", "/feed/person/sam-hargrave.json?limit=2"],
			["/feed/person/sam-hargraves", "/feed/person/sam-hargrave"],
			["/embed/person/sam-hargraves?theme=dark", "/embed/person/sam-hargrave?theme=dark"],
		];
		for (const [from, to] of cases) {
			const res = await get(from);
			expect(res.status, from).toBe(301);
			expect(res.headers.get("location"), from).toBe(`${ORIGIN}${to}`);
			// The new URL answers (a feed URL with no extension redirects on to a format, as always).
			expect([200, 302], to).toContain((await get(to)).status);
		}
	});

	it("renames the segment the slug was taken from, whatever the others are called", async () => {
		const { Moved } = await import("../../src/http/errors.ts");
		expect(new Moved("person", "p2").location("http://x.test/feed/person/person.json?limit=2")).toBe(
			"http://x.test/feed/person/p2.json?limit=2",
		);
		expect(new Moved("feed", "f2").location("http://x.test/feed/person/feed.xml")).toBe(
			"http://x.test/feed/person/f2.xml",
		);
		expect(new Moved("people", "p2").location("http://x.test/people/people")).toBe("http://x.test/people/p2");
		expect(new Moved("people", "p2").location("http://x.test/films/people/people.opml")).toBe(
			"http://x.test/films/p2/people.opml",
		);
	});

	it("keeps its ids: readers do not see the article, or the feed, as new", async () => {
		const feed = await json("/feed.json");
		const renamed = feed.items.find((i: { url: string }) => i.url === articleUrl(ARTICLES.interview));
		expect(renamed.id).toBe("tag:reelfeed.example,2026:articles/2020-04-23/russo-extraction-interview");
		expect(text(parseXml(await (await get("/feed/person/sam-hargrave.atom")).text()).feed.id)).toBe(
			"tag:reelfeed.example,2026:feed/person/sam-hargraves",
		);
	});

	it("is found by its old slug in a filter, which names it by its new one", async () => {
		const feed = await json("/feed.json?person=sam-hargraves");
		expect(feed.feed_url).toBe(`${ORIGIN}/feed.json?person=sam-hargrave`);
		expect(feed.items.length).toBeGreaterThan(0);
		expect((await json("/feed.json?person=sam-hargraves&person=sam-hargrave")).feed_url).toBe(
			`${ORIGIN}/feed.json?person=sam-hargrave`,
		);
	});
});

describe("a withdrawn article", () => {
	it("is in no feed, list or sitemap", async () => {
		for (const path of [
			"/feed.json",
			"/feed/person/chris-hemsworth.xml",
			"/",
			"/people/chris-hemsworth",
			"/sitemap.xml",
		])
			expect(await (await get(path)).text(), path).not.toContain(WITHDRAWN);
		const chris = (await json("/api/people.json")).people.find((p: { slug: string }) => p.slug === "chris-hemsworth");
		expect(chris.article_count).toBe(3);
	});

	it("answers 410 Gone with the reason: a page for a browser, problem+json for a program", async () => {
		const html = await get(`/articles/${WITHDRAWN}`, { headers: { accept: "text/html" } });
		expect(html.status).toBe(410);
		expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
		const [heading] = await select(await html.text(), "main");
		expect(heading?.text).toContain(REASON);
		const problem = await get(`/articles/${WITHDRAWN}`, { headers: { accept: "application/json" } });
		expect(problem.status).toBe(410);
		expect(problem.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
		expect(await problem.json<any>()).toMatchObject({ status: 410, title: "Gone", reason: REASON });
	});
});
