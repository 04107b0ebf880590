import { describe, expect, it } from "vitest";
import { articles, ENTITY_TYPE_NAMES, type Entity } from "../../src/content/index.ts";
import { FEED_ALIASES, FORMATS, paths } from "../../src/feeds/index.ts";
import { sitemap, sitemapFile, sitemapFiles } from "../../src/feeds/sitemap.ts";
import { get, ORIGIN, parseXml, text, visible } from "./helpers.ts";

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Every page the sitemap should list. */
function everyPage(): string[] {
	const pages = [paths.home()];
	for (const type of ENTITY_TYPE_NAMES)
		pages.push(
			paths.directory(type),
			...visible()
				.entitiesOf(type)
				.map((e) => paths.entity(type, e.slug)),
		);
	for (let i = visible().hidden; i < articles.length; i++) pages.push(paths.article(articles.at(i)?.slug as string));
	return pages.map((p) => ORIGIN + p);
}

describe("robots.txt", () => {
	it("lets everything but the embeds be crawled, and names the sitemap", async () => {
		const res = await get(paths.robots());
		expect(res.status).toBe(200);
		expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
		const lines = (await res.text()).split("\n");
		expect(lines).toContain("User-agent: *");
		expect(lines).toContain(`Disallow: ${paths.embeds()}`);
		expect(lines).toContain(`Sitemap: ${ORIGIN}${paths.sitemap()}`);
	});
});

describe("the sitemap", () => {
	it("lists every page once, each with the date it last changed, and each answers", async () => {
		const res = await get(paths.sitemap());
		expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
		const urls = asList(parseXml(await res.text()).urlset.url) as Record<string, unknown>[];
		const locs = urls.map((u) => text(u.loc));
		expect(locs.sort()).toEqual(everyPage().sort());
		for (const u of urls) {
			expect(text(u.lastmod)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
			// A content date, not a build's: the same content gives the same sitemap.
			expect(text(u.lastmod) <= visible().updated, text(u.loc)).toBe(true);
		}
		const joe = visible().findEntity("person", "joe-russo");
		const joePage = urls.find((u) => text(u.loc) === `${ORIGIN}${paths.entity("person", "joe-russo")}`);
		// The latest update of his articles: the correction of one older than his newest.
		const updates = visible()
			.listOf(joe as Entity)
			.map((i) => articles.at(i)?.updated as string);
		expect(text(joePage?.lastmod)).toBe(updates.sort().at(-1));
		expect(text(joePage?.lastmod)).toBe("2020-05-06T10:00:00.000Z");
		const newest = articles.at(visible().hidden);
		const article = urls.find((u) => text(u.loc).endsWith(paths.article(newest?.slug as string)));
		expect(text(article?.lastmod)).toBe(newest?.updated);
		for (const loc of locs) expect((await get(loc.slice(ORIGIN.length))).status, loc).toBe(200);
	});

	it("becomes an index of files of at most the protocol's URLs when there are more", async () => {
		const perFile = 4;
		const files = sitemapFiles(visible(), perFile);
		expect(files).toBe(Math.ceil(everyPage().length / perFile));
		const index = parseXml(sitemap(visible(), ORIGIN, perFile)).sitemapindex;
		const listed = asList(index.sitemap) as Record<string, unknown>[];
		expect(listed.map((s) => text(s.loc))).toEqual(
			Array.from({ length: files }, (_, k) => `${ORIGIN}${paths.sitemapFile(k + 1)}`),
		);
		const all: string[] = [];
		for (let k = 1; k <= files; k++) {
			const urls = asList(parseXml(sitemapFile(visible(), ORIGIN, k, perFile) as string).urlset.url) as Record<
				string,
				unknown
			>[];
			expect(urls.length).toBeLessThanOrEqual(perFile);
			// No lastmod in the index (optional in the protocol): it would read the whole archive.
			expect(listed[k - 1]).not.toHaveProperty("lastmod");
			all.push(...urls.map((u) => text(u.loc)));
		}
		expect(all.sort()).toEqual(everyPage().sort());
		expect(sitemapFile(visible(), ORIGIN, files + 1, perFile)).toBeUndefined();
	});

	it("answers its numbered file, and a 404 past the last", async () => {
		expect((await get(paths.sitemapFile(1))).status).toBe(200);
		expect((await get(paths.sitemapFile(2))).status).toBe(404);
		expect((await get("/sitemaps/0.xml")).status).toBe(404);
	});
});

describe("the feed paths readers probe", () => {
	it("answer with the site feed itself, not a redirect, naming its one URL", async () => {
		for (const [path, name] of FEED_ALIASES) {
			const format = FORMATS[name];
			const canonical = await get(paths.feed({ type: "site" }, name));
			const res = await get(path);
			expect(res.status, path).toBe(200);
			expect(res.headers.get("content-type"), path).toBe(format.contentType);
			expect(res.headers.get("content-location"), path).toBe(`${ORIGIN}${paths.feed({ type: "site" }, name)}`);
			expect(res.headers.get("etag"), path).toBe(canonical.headers.get("etag"));
			expect(await res.text(), path).toBe(await canonical.text());
			const again = await get(path, { headers: { "if-none-match": res.headers.get("etag") as string } });
			expect(again.status, path).toBe(304);
		}
	});

	it("include the ones WordPress, Ghost, Hugo and Jekyll publish", () => {
		for (const path of ["/feed/", "/rss/", "/index.xml", "/atom.xml", "/rss.xml", "/feed/atom/"])
			expect(FEED_ALIASES.has(path), path).toBe(true);
	});

	it("answer a bad query on them in a reader's format, not as a page", async () => {
		const res = await get("/rss?limit=0", { headers: { accept: "application/rss+xml" } });
		expect(res.status).toBe(400);
		expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
	});
});
