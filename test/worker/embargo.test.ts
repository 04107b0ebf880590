import fc from "fast-check";
import { afterEach, describe, expect, inject, it } from "vitest";
import { clock } from "../../src/clock.ts";
import { content } from "../../src/content/index.ts";
import { ARTICLES, get, ORIGIN, parseXml, text, visible } from "./helpers.ts";

/**
 * The embargoed fixture (test/fixtures/content/articles/extraction-2-casts-golshifteh-farahani.md):
 * dated 2100-01-01T09:00:00Z, after the build, so bundled and hidden until then; it alone names
 * Golshifteh Farahani, who is hidden with it. And a draft (sam-hargrave-draft-notes.md), never
 * published. The clock is set before, at and after the instant.
 */
const REVEAL = Date.parse("2100-01-01T09:00:00Z");
const SLUG = "extraction-2-casts-golshifteh-farahani";
const PERSON = "golshifteh-farahani";
/** Whatever the hidden article says or is called, and the draft: none may be served before its time. */
const SECRETS = [
	SLUG,
	PERSON,
	"Golshifteh",
	"Farahani",
	"Nik Khan",
	"single take",
	"2100-01-01",
	"Jan 2100",
	"draftonly",
	"sam-hargrave-draft-notes",
];

const at = (ms: number) => {
	clock.now = () => ms;
};
const realNow = clock.now;
afterEach(() => {
	clock.now = realNow;
});

/** Every kind of route, with the hidden article's and person's own URLs among them. */
const ROUTES = [
	"/",
	"/feed.xml",
	"/feed.atom",
	"/feed.json",
	"/feed.json?limit=1",
	"/feed.json?since=2020-01-01T00:00:00Z",
	"/feed.json?person=chris-hemsworth",
	"/feed.json?film=extraction-2&person=chris-hemsworth&match=any",
	`/feed.json?person=${PERSON}`,
	"/feed/person/chris-hemsworth.xml",
	"/feed/person/chris-hemsworth.atom",
	"/feed/person/chris-hemsworth.json",
	`/feed/person/${PERSON}.json`,
	`/feed/person/${PERSON}.xml`,
	`/feed/person/${PERSON}`,
	"/feed/film/extraction-2.json",
	"/feed/author/theo-okafor.json",
	"/rss.xml",
	"/people",
	"/films",
	"/authors",
	"/people/chris-hemsworth",
	`/people/${PERSON}`,
	"/people/golshifteh",
	"/films/extraction-2",
	"/authors/theo-okafor",
	`/articles/${SLUG}`,
	"/articles/extraction-2-casts",
	"/articles/sam-hargrave-draft-notes",
	"/api/people.json",
	"/api/films.json",
	"/api/authors.json",
	"/feeds.opml",
	"/films/extraction-2/people.opml",
	"/follow",
	"/follow?person=chris-hemsworth&film=extraction-2",
	`/follow?person=${PERSON}`,
	"/follow.opml?person=chris-hemsworth",
	"/embed/person/chris-hemsworth",
	`/embed/person/${PERSON}`,
	"/embed/film/extraction-2?thumbnails=1",
	"/sitemap.xml",
	"/sitemaps/1.xml",
	"/nothing-here",
];

/** A response, whole: status, headers and body, as one text to search. */
async function served(path: string, init?: RequestInit): Promise<{ status: number; all: string; res: Response }> {
	const res = await get(path, init);
	const body = await res.clone().text();
	return { status: res.status, all: `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${body}`, res };
}

/**
 * The same path with the hidden article's and person's slugs put in by made-up ones of the same
 * length: what a request naming them must be answered like (its own words echoed, nothing more).
 */
const DRAFT = "sam-hargrave-draft-notes";
const FAKES: [string, string][] = [
	[SLUG, "z".repeat(SLUG.length)],
	[PERSON, "y".repeat(PERSON.length)],
	[DRAFT, "x".repeat(DRAFT.length)],
];
const twinOf = (path: string) => FAKES.reduce((p, [real, fake]) => p.replaceAll(real, fake), path);
const back = (text: string) => FAKES.reduce((t, [real, fake]) => t.replaceAll(fake, real), text);

/**
 * A response shows nothing hidden: none of the secrets, or, for a request that names the hidden
 * article or person itself, exactly what naming a made-up one gets (with the name echoed back).
 */
async function expectNothingHidden(path: string, all: string, init?: RequestInit) {
	if (twinOf(path) !== path) {
		expect(all, path).toBe(back((await served(twinOf(path), init)).all));
		return;
	}
	for (const secret of SECRETS) expect(all.includes(secret), `${path} shows "${secret}"`).toBe(false);
}

describe("an embargoed article, before its instant", () => {
	it("is in the bundle, and nowhere a reader can see: no feed, page, list, count, suggestion or header", async () => {
		// The build bundled it: it is the first article, dated after the build.
		expect(content.embargoes).toEqual(["2100-01-01T09:00:00.000Z"]);
		for (const when of [Date.now(), REVEAL - 1]) {
			at(when);
			for (const path of ROUTES) {
				await expectNothingHidden(path, (await served(path)).all);
				// A browser's view of a feed shows no more.
				const browser = { headers: { "sec-fetch-dest": "document" } };
				await expectNothingHidden(path, (await served(path, browser)).all, browser);
			}
		}
	});

	it("answers its own URLs as an unknown slug would: 404, and 400 for a filter naming the hidden person", async () => {
		at(REVEAL - 1);
		for (const path of [
			`/articles/${SLUG}`,
			`/people/${PERSON}`,
			`/feed/person/${PERSON}.json`,
			`/embed/person/${PERSON}`,
		])
			expect((await get(path)).status, path).toBe(404);
		expect((await get(`/feed.json?person=${PERSON}`)).status).toBe(400);
		// Its cursor names no article a reader has seen.
		const cursor = await get(`/feed.json?before=2100-01-01T09:00:00.000Z~${SLUG}`);
		expect(cursor.status).toBe(400);
		const unknown = await get("/feed.json?before=2100-01-01T09:00:00.000Z~no-such-article");
		expect(await cursor.text()).toBe(await unknown.text());
	});

	it("counts nowhere: the directory, the site feed and the person it names list what they did", async () => {
		at(REVEAL - 1);
		const people = (await (await get("/api/people.json")).json<any>()).people;
		expect(people.map((p: { slug: string }) => p.slug)).not.toContain(PERSON);
		const chris = people.find((p: { slug: string }) => p.slug === "chris-hemsworth");
		expect(chris.article_count).toBe(3);
		expect(chris.newest_article).toBe("2020-05-05T00:00:00.000Z");
		const feed = await (await get("/feed.json")).json<any>();
		expect(feed.items.map((i: { url: string }) => i.url)[0]).toBe(`${ORIGIN}/articles/${ARTICLES.deal}`);
	});

	it("gives no cache a lifetime past its instant, and the usual ones while it is far off", async () => {
		at(REVEAL - 60_000);
		for (const path of ["/feed.xml", "/feed/person/chris-hemsworth.json", "/", "/api/people.json", "/sitemap.xml"]) {
			const res = await get(path);
			expect(res.headers.get("cache-control"), path).toBe("public, max-age=60, s-maxage=60");
			// A revalidation gets the same bound.
			const again = await get(path, { headers: { "if-none-match": res.headers.get("etag") as string } });
			expect(again.status, path).toBe(304);
			expect(again.headers.get("cache-control"), path).toBe("public, max-age=60, s-maxage=60");
		}
		at(REVEAL - 30 * 60_000);
		// A feed may be kept an hour (the fixtures name hubs), a page 5 minutes: neither past the instant.
		expect((await get("/feed.xml")).headers.get("cache-control")).toBe("public, max-age=1800, s-maxage=1800");
		expect((await get("/")).headers.get("cache-control")).toBe("public, max-age=300, s-maxage=1800");
		at(REVEAL - 3 * 86_400_000);
		expect((await get("/feed.xml")).headers.get("cache-control")).toBe(
			"public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400",
		);
	});
});

describe("an embargoed article, from its instant", () => {
	it("is everywhere at once, with no rebuild: feeds, filters, pages, lists, the person it names", async () => {
		at(REVEAL - 1);
		const before = await get("/feed.xml");
		const etag = before.headers.get("etag") as string;
		const pageTag = (await get("/")).headers.get("etag");
		at(REVEAL);
		const rss = parseXml(await (await get("/feed.xml")).text()).rss.channel.item;
		expect(text(rss[0].link)).toBe(`${ORIGIN}/articles/${SLUG}`);
		const after = await get("/feed.xml", { headers: { "if-none-match": etag } });
		expect(after.status).toBe(200);
		expect(after.headers.get("etag")).not.toBe(etag);
		expect((await get("/")).headers.get("etag")).not.toBe(pageTag);
		for (const path of [
			`/articles/${SLUG}`,
			`/people/${PERSON}`,
			`/feed/person/${PERSON}.json`,
			`/feed.json?person=${PERSON}`,
			`/embed/person/${PERSON}`,
		])
			expect((await get(path)).status, path).toBe(200);
		const people = (await (await get("/api/people.json")).json<any>()).people;
		expect(people.find((p: { slug: string }) => p.slug === PERSON)).toMatchObject({ article_count: 1 });
		expect(people.find((p: { slug: string }) => p.slug === "chris-hemsworth").article_count).toBe(4);
		expect(await (await get("/sitemap.xml")).text()).toContain(`/articles/${SLUG}`);
		expect(await (await get("/feeds.opml")).text()).toContain(`/feed/person/${PERSON}.xml`);
		expect(await (await get("/")).text()).toContain("Golshifteh Farahani joins Extraction 2");
	});

	it("moves Last-Modified to the instant, and lifetimes back to the usual", async () => {
		at(REVEAL + 5_000);
		for (const path of ["/feed.xml", "/feed/person/chris-hemsworth.json", `/feed/person/${PERSON}.atom`, "/"]) {
			const res = await get(path);
			expect(res.headers.get("last-modified"), path).toBe(new Date(REVEAL).toUTCString());
			expect(res.headers.get("cache-control"), path).toMatch(
				/^public, max-age=(?:300|3600), s-maxage=3600, stale-while-revalidate=86400$/,
			);
		}
		// A feed it is not in did not change.
		expect((await get("/feed/person/tom-holland.json")).headers.get("last-modified")).not.toBe(
			new Date(REVEAL).toUTCString(),
		);
	});

	it("is served the same whoever asked before: the isolate's memo keeps the two editions apart", async () => {
		at(REVEAL - 1);
		const hidden = await (await get("/feed/person/chris-hemsworth.json")).text();
		at(REVEAL);
		const shown = await (await get("/feed/person/chris-hemsworth.json")).text();
		expect(shown).toContain(SLUG);
		at(REVEAL - 1);
		expect(await (await get("/feed/person/chris-hemsworth.json")).text()).toBe(hidden);
	});
});

describe("a draft", () => {
	it("is checked by the build and never published, at any time", async () => {
		for (const when of [Date.now(), REVEAL + 1]) {
			at(when);
			expect(visible().findArticle("sam-hargrave-draft-notes")).toBeUndefined();
			for (const path of ["/feed.json", "/articles/sam-hargrave-draft-notes", "/sitemap.xml", "/people/sam-hargrave"])
				expect((await served(path)).all).not.toContain("draftonly");
		}
	});
});

describe("whatever a client asks, before the instant", () => {
	it("nothing served contains the hidden article's slug, title or text (property)", async () => {
		const route = fc.oneof(
			fc.constantFrom(...ROUTES),
			fc
				.record({
					scope: fc.constantFrom(
						"/feed",
						"/feed/person/chris-hemsworth",
						"/feed/film/extraction-2",
						"/feed/author/theo-okafor",
					),
					ext: fc.constantFrom(".xml", ".atom", ".json", ""),
					limit: fc.option(fc.integer({ min: 0, max: 30 })),
					since: fc.option(fc.date({ min: new Date("2019-01-01"), max: new Date("2101-01-01"), noInvalidDate: true })),
					person: fc.option(fc.constantFrom("chris-hemsworth", PERSON, "golshifteh", "joe-russo")),
					match: fc.option(fc.constantFrom("any", "all")),
				})
				.map(({ scope, ext, limit, since, person, match }) => {
					const q = new URLSearchParams();
					if (limit !== null) q.set("limit", String(limit));
					if (since !== null) q.set("since", since.toISOString());
					if (person !== null) q.set("person", person);
					if (match !== null) q.set("match", match);
					return `${scope}${ext}${q.size ? `?${q}` : ""}`;
				}),
		);
		const instant = fc.integer({ min: Date.parse("2026-11-30T12:00:00Z"), max: REVEAL - 1 });
		const accept = fc.constantFrom(
			"*/*",
			"application/json",
			"text/html",
			"application/feed+json",
			"application/atom+xml",
		);
		await fc.assert(
			fc.asyncProperty(route, instant, accept, fc.boolean(), async (path, when, type, browser) => {
				at(when);
				const headers: Record<string, string> = { accept: type };
				if (browser) headers["sec-fetch-dest"] = "document";
				const { all } = await served(path, { headers });
				if (twinOf(path) !== path) return all === back((await served(twinOf(path), { headers })).all);
				return SECRETS.every((secret) => !all.includes(secret));
			}),
			{ numRuns: inject("fuzzRuns"), seed: 20261202 },
		);
	});
});
