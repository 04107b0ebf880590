import { Validator } from "@cfworker/json-schema";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import { ARTICLES, get, ORIGIN, parseXml, text } from "./helpers.ts";

/** The newest article's date, and the newest change: the correction of ARTICLES.sequelOrPrequel. */
const NEWEST = "2020-05-05T00:00:00.000Z";
const LATEST_UPDATE = "2020-05-06T10:00:00.000Z";
const ORDER = [ARTICLES.deal, ARTICLES.sequelOrPrequel, ARTICLES.interview];
const articleUrl = (slug: string) => `${ORIGIN}/articles/${slug}`;
const jsonFeedValidator = new Validator(jsonFeedSchema as object, "7");

async function fetchOk(path: string, type: string): Promise<string> {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
	return res.text();
}

describe("the RSS 2.0 site feed", () => {
	it("is served as application/rss+xml and parses as RSS 2.0 with the atom, content and dc namespaces", async () => {
		const doc = parseXml(await fetchOk("/feed.xml", "application/rss+xml"));
		expect(doc.rss["@version"]).toBe("2.0");
		expect(doc.rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
		expect(doc.rss["@xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
	});

	it("describes the channel: title, home link, language, self link, and the newest item's date as lastBuildDate", async () => {
		const channel = parseXml(await fetchOk("/feed.xml", "application/rss+xml")).rss.channel;
		expect(text(channel.title)).toBe("reelfeed");
		expect(text(channel.link)).toBe(`${ORIGIN}/`);
		expect(text(channel.language)).toBe("en");
		expect(channel["atom:link"]).toContainEqual(
			expect.objectContaining({
				"@rel": "self",
				"@href": `${ORIGIN}/feed.xml`,
				"@type": "application/rss+xml",
			}),
		);
		expect(new Date(text(channel.lastBuildDate)).toISOString()).toBe(LATEST_UPDATE);
	});

	it("lists every article newest first, each with guid, link, RFC 822 pubDate, summary and full content", async () => {
		const items: any[] = parseXml(await fetchOk("/feed.xml", "application/rss+xml")).rss.channel.item;
		expect(items.map((i) => text(i.link))).toEqual(ORDER.map(articleUrl));
		for (const item of items) {
			expect(item.guid["@isPermaLink"]).toBe("false");
			expect(text(item.guid)).toMatch(/^tag:reelfeed\.example,2026:articles\/\d{4}-\d{2}-\d{2}\//);
			// RFC 822 as RFC 1123 profiles it: "Tue, 05 May 2020 00:00:00 GMT".
			expect(text(item.pubDate)).toMatch(
				/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
			);
			expect(text(item.description).length).toBeGreaterThan(40);
			// The text, after the lead image's figure where the article has one (see images.test.ts).
			expect(text(item["content:encoded"])).toMatch(/^(?:<figure>.*?<\/figure>)?<p>/s);
		}
		expect(new Date(text(items[0].pubDate)).toISOString()).toBe(NEWEST);
		expect(text(items[0]["content:encoded"])).toContain("a balletic execution of action");
	});

	it("gives each item a category with a taxonomy domain for every tagged person and film, and none for characters", async () => {
		const items: any[] = parseXml(await fetchOk("/feed.xml", "application/rss+xml")).rss.channel.item;
		const deal = items.find((i) => text(i.link) === articleUrl(ARTICLES.deal));
		const categories = (deal.category as any[]).map((c) => [c["@domain"], text(c)]);
		expect(categories).toContainEqual([`${ORIGIN}/people`, "Joe Russo"]);
		expect(categories).toContainEqual([`${ORIGIN}/people`, "Rudhraksh Jaiswal"]);
		expect(categories).toContainEqual([`${ORIGIN}/films`, "Extraction 2"]);
		expect(categories).toContainEqual([`${ORIGIN}/films`, "Captain America: The Winter Soldier"]);
		expect(categories.map(([, name]) => name)).not.toContain("Tyler Rake");
	});
});

describe("the Atom 1.0 site feed", () => {
	it("has an id, updated (the newest item), author, and self and alternate links", async () => {
		const feed = parseXml(await fetchOk("/feed.atom", "application/atom+xml")).feed;
		expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
		expect(text(feed.id)).toBe("tag:reelfeed.example,2026:feed");
		expect(text(feed.updated)).toBe(LATEST_UPDATE);
		expect(text(feed.author.name)).toBe("reelfeed editors");
		expect(feed.link).toContainEqual(
			expect.objectContaining({
				"@rel": "self",
				"@href": `${ORIGIN}/feed.atom`,
			}),
		);
		expect(feed.link).toContainEqual(expect.objectContaining({ "@rel": "alternate", "@href": `${ORIGIN}/` }));
	});

	it("gives entries id, published, updated, an html summary and html content, and a category per entity", async () => {
		const entries: any[] = parseXml(await fetchOk("/feed.atom", "application/atom+xml")).feed.entry;
		expect(entries.map((e) => e.link[0]["@href"])).toEqual(ORDER.map(articleUrl));
		for (const entry of entries) {
			expect(text(entry.id)).toMatch(/^tag:/);
			expect(Date.parse(text(entry.published))).not.toBeNaN();
			expect(text(entry.updated) >= text(entry.published)).toBe(true);
			expect(entry.summary["@type"]).toBe("html");
			expect(entry.content["@type"]).toBe("html");
			expect(text(entry.content)).toContain("<p>");
		}
		const interview = entries.find((e) => e.link[0]["@href"] === articleUrl(ARTICLES.interview));
		expect(interview.category).toContainEqual({
			"@term": "tom-holland",
			"@label": "Tom Holland",
			"@scheme": `${ORIGIN}/people`,
		});
		expect(interview.category).toContainEqual({
			"@term": "cherry",
			"@label": "Cherry",
			"@scheme": `${ORIGIN}/films`,
		});
	});

	it('escapes titles for its type="html" title element, so a quote or ampersand reads as text', async () => {
		const entries: any[] = parseXml(await fetchOk("/feed.atom", "application/atom+xml")).feed.entry;
		const titles = entries.map((e) => text(e.title));
		expect(titles).toContain("'Extraction 2' Is Already In The Works; Could Be A Sequel Or A Prequel");
	});
});

describe("the JSON Feed 1.1 site feed", () => {
	it("is served as application/feed+json and is valid against the JSON Feed 1.1 schema", async () => {
		const feed = JSON.parse(await fetchOk("/feed.json", "application/feed+json"));
		const result = jsonFeedValidator.validate(feed);
		expect(result.errors).toEqual([]);
		expect(result.valid).toBe(true);
	});

	it("declares version 1.1 with authors, language, feed_url and home_page_url, and no 1.0-only fields", async () => {
		const feed = JSON.parse(await fetchOk("/feed.json", "application/feed+json"));
		expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
		expect(feed.authors).toEqual([{ name: "reelfeed editors" }]);
		expect(feed.language).toBe("en");
		expect(feed.feed_url).toBe(`${ORIGIN}/feed.json`);
		expect(feed.home_page_url).toBe(`${ORIGIN}/`);
		expect(feed).not.toHaveProperty("author");
	});

	it("gives items content_html, summary, dates, tags and the _reelfeed extension with feed URLs", async () => {
		const feed = JSON.parse(await fetchOk("/feed.json", "application/feed+json"));
		expect(feed.items.map((i: any) => i.url)).toEqual(ORDER.map(articleUrl));
		const deal = feed.items[0];
		expect(deal.date_published).toBe(NEWEST);
		expect(deal.content_html).toContain("<p>Joe Russo has confirmed his return");
		expect(deal.summary).toMatch(/^Joe Russo has confirmed his return/);
		expect(deal.tags).toContain("Sam Hargrave");
		expect(deal._reelfeed.people).toContainEqual({
			slug: "sam-hargrave",
			name: "Sam Hargrave",
			url: `${ORIGIN}/people/sam-hargrave`,
			feeds: {
				rss: `${ORIGIN}/feed/person/sam-hargrave.xml`,
				atom: `${ORIGIN}/feed/person/sam-hargrave.atom`,
				json: `${ORIGIN}/feed/person/sam-hargrave.json`,
			},
		});
		expect(deal._reelfeed.films.map((f: any) => f.slug)).toContain("extraction-2");
	});

	it("links only to URLs that resolve: every item, entity page and entity feed answers 200", async () => {
		const feed = JSON.parse(await fetchOk("/feed.json", "application/feed+json"));
		const urls = new Set<string>([feed.home_page_url]);
		for (const item of feed.items) {
			urls.add(item.url);
			for (const e of [...item._reelfeed.people, ...item._reelfeed.films]) {
				urls.add(e.url);
				for (const url of Object.values(e.feeds ?? {})) urls.add(url as string);
			}
		}
		for (const url of urls) expect((await get(url)).status, url).toBe(200);
	});
});

describe("every format", () => {
	it("uses the same stable ids for the same feed and items, whatever the format", async () => {
		const rss = parseXml(await (await get("/feed/person/joe-russo.xml")).text()).rss.channel.item.map((i: any) =>
			text(i.guid),
		);
		const atom = parseXml(await (await get("/feed/person/joe-russo.atom")).text()).feed;
		const json = JSON.parse(await (await get("/feed/person/joe-russo.json")).text());
		expect(atom.entry.map((e: any) => text(e.id))).toEqual(rss);
		expect(json.items.map((i: any) => i.id)).toEqual(rss);
		expect(text(atom.id)).toBe("tag:reelfeed.example,2026:feed/person/joe-russo");
	});

	it("is deterministic: renders a second apart give the same bytes, so no request time is in them", async () => {
		const paths = ["/feed.xml", "/feed.atom", "/feed.json", "/feed/film/extraction.atom"];
		const render = () => Promise.all(paths.map(async (path) => (await get(path)).text()));
		const first = await render();
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect(await render()).toEqual(first);
	});

	it("builds every URL from the request's origin when site.yaml sets no base_url", async () => {
		const feed = JSON.parse(await (await get("https://mirror.example:8443/feed.json")).text());
		expect(feed.feed_url).toBe("https://mirror.example:8443/feed.json");
		expect(feed.items[0].url).toMatch(/^https:\/\/mirror\.example:8443\/articles\//);
	});
});
