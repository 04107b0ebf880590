import { describe, expect, it } from "vitest";
import { ARTICLES, get, ORIGIN, parseXml, text } from "./helpers.ts";

const { deal, sequelOrPrequel, interview } = ARTICLES;
const slugs = (feed: any) => feed.items.map((i: any) => i.url.replace(`${ORIGIN}/articles/`, ""));
const json = async (path: string) => {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	return res.json<any>();
};

describe("limit", () => {
	it("defaults to 20 and cuts the feed to that many items, newest first", async () => {
		expect(slugs(await json("/feed.json?limit=2"))).toEqual([deal, sequelOrPrequel]);
		expect(slugs(await json("/feed.json?limit=100"))).toEqual([deal, sequelOrPrequel, interview]);
		const rss = parseXml(await (await get("/feed.xml?limit=1")).text()).rss.channel;
		expect(rss.item).toHaveLength(1);
	});
});

describe("combining entities", () => {
	it("requires every parameter to match: a person and a film", async () => {
		expect(slugs(await json("/feed.json?person=joe-russo&film=extraction-2"))).toEqual([deal, sequelOrPrequel]);
		expect(slugs(await json("/feed.json?person=tom-holland&film=extraction-2"))).toEqual([]);
	});

	it("reads a repeated parameter as any of its values", async () => {
		expect(slugs(await json("/feed.json?person=tom-holland&person=rudhraksh-jaiswal"))).toEqual([deal, interview]);
		expect(slugs(await json("/feed.json?person=tom-holland&person=david-harbour&film=extraction"))).toEqual([
			sequelOrPrequel,
			interview,
		]);
	});

	it("narrows a person's or film's own feed too", async () => {
		expect(slugs(await json("/feed/person/anthony-russo.json?film=extraction-2"))).toEqual([sequelOrPrequel]);
		expect(slugs(await json("/feed/film/extraction.json?person=rudhraksh-jaiswal"))).toEqual([deal]);
	});

	it("names the filter in the feed title", async () => {
		expect((await json("/feed.json?film=extraction-2&person=joe-russo")).title).toBe(
			"Joe Russo and Extraction 2 (2023) — reelfeed",
		);
		expect((await json("/feed.json?person=tom-holland&person=joe-russo")).title).toBe(
			"Joe Russo or Tom Holland — reelfeed",
		);
	});
});

describe("canonical queries", () => {
	it("sort and deduplicate parameters, drop defaults and unknown ones, and use the result as the self URL", async () => {
		const messy = await json(
			"/feed.json?person=tom-holland&film=extraction&person=joe-russo&person=tom-holland&limit=20&utm=x",
		);
		expect(messy.feed_url).toBe(`${ORIGIN}/feed.json?film=extraction&person=joe-russo&person=tom-holland`);
		// `since` is rounded down to the latest `updated` at or before it (see "since" below).
		const atom = parseXml(await (await get("/feed.atom?since=2020-05-01&person=joe-russo")).text()).feed;
		expect(atom.link.find((l: any) => l["@rel"] === "self")["@href"]).toBe(
			`${ORIGIN}/feed.atom?person=joe-russo&since=2020-04-23T00:00:00Z`,
		);
	});

	it("give equivalent queries the same bytes and the same ETag", async () => {
		const a = await get("/feed.xml?person=joe-russo&film=extraction-2&limit=5");
		const b = await get("/feed.xml?limit=5&film=extraction-2&person=joe-russo&person=joe-russo&ref=newsletter");
		expect(await b.text()).toBe(await a.text());
		expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
	});
});

describe("since", () => {
	it("keeps only items published or updated after a date or date-time", async () => {
		expect(slugs(await json("/feed.json?since=2020-05-01"))).toEqual([deal, sequelOrPrequel]);
		// The second was corrected on 2020-05-06: a reader tracking updates gets it again.
		expect(slugs(await json("/feed.json?since=2020-05-04T00:00:00Z"))).toEqual([deal, sequelOrPrequel]);
		expect(slugs(await json("/feed.json?since=2020-05-05T12:00:00Z"))).toEqual([sequelOrPrequel]);
		expect(slugs(await json("/feed.json?since=2020-05-04T01:00:00%2B02:00"))).toEqual([deal, sequelOrPrequel]);
		expect(slugs(await json("/feed.json?since=2030-01-01"))).toEqual([]);
	});

	it("makes one URL, one ETag and one cache entry of every value that selects the same items", async () => {
		// The fixtures' updates are 2020-04-23, 2020-05-05 and 2020-05-06T10:00 (a correction of the
		// article of 2020-05-04): between two of them, every instant to the millisecond selects the same items.
		const values = [
			"2020-05-01",
			"2020-05-04T23:59:59.999Z",
			"2020-04-23T00:00:00.001Z",
			"2020-04-30T12:00:00%2B05:00",
		];
		const responses = await Promise.all(values.map((v) => get(`/feed.json?since=${v}`)));
		const feeds = await Promise.all(responses.map((r) => r.json<any>()));
		for (const feed of feeds) expect(feed.feed_url).toBe(`${ORIGIN}/feed.json?since=2020-04-23T00:00:00Z`);
		expect(new Set(responses.map((r) => r.headers.get("etag"))).size).toBe(1);
		expect(slugs(feeds[0])).toEqual([deal, sequelOrPrequel]);
		// Before every article: no filter at all; after the newest: the newest, selecting nothing.
		expect((await json("/feed.json?since=1999-01-01")).feed_url).toBe(`${ORIGIN}/feed.json`);
		const late = await json("/feed.json?since=9999-12-31T23:59:59.999Z");
		expect(late.feed_url).toBe(`${ORIGIN}/feed.json?since=2020-05-06T10:00:00Z`);
		expect(late.items).toEqual([]);
		// The self link is a URL that answers, with the same items.
		expect(slugs(await json(late.feed_url))).toEqual([]);
	});

	it("answers an instant past the year 9999 in UTC with a 400 that says so", async () => {
		const res = await get("/feed.json?since=9999-12-31T23:00:00-05:00");
		expect(res.status).toBe(400);
		const problem = await res.json<any>();
		expect(problem.invalid_params).toEqual([
			{
				name: "since",
				reason: expect.stringContaining('"9999-12-31T23:00:00-05:00" is outside the years 0000 to 9999 (UTC)'),
			},
		]);
	});

	it("leaves a valid, empty feed when nothing is newer", async () => {
		const rss = parseXml(await (await get("/feed.xml?since=2030-01-01")).text()).rss.channel;
		expect(rss.item).toBeUndefined();
		expect(text(rss.title)).toBe("reelfeed");
	});
});

describe("bad query values", () => {
	const cases: [string, string, RegExp][] = [
		["/feed.json?limit=abc", "limit", /whole number from 1 to 100/],
		["/feed.json?limit=0", "limit", /from 1 to 100/],
		["/feed.json?limit=101", "limit", /from 1 to 100/],
		["/feed.json?limit=5&limit=6", "limit", /give limit once/],
		["/feed.json?since=yesterday", "since", /ISO 8601 date/],
		["/feed.json?since=2021-02-30", "since", /ISO 8601 date/],
		[
			"/feed.json?person=russo",
			"person",
			/there is no person "russo" with a feed; did you mean anthony-russo or joe-russo\?/,
		],
		["/feed.json?film=the-simpsons", "film", /there is no film "the-simpsons" with a feed/],
		["/feed.json?series=extraction", "series", /there is no series "extraction" with a feed/],
		["/feed/person/joe-russo.json?before=nonsense", "before", /page cursor/],
		// A well-formed cursor that names no article (made up, or its article is gone).
		["/feed.json?before=2020-05-04T00:00:00Z~no-such-article", "before", /names no article/],
		["/feed.json?before=2020-05-03T00:00:00Z~extraction-2-already-in-the-works", "before", /names no article/],
	];
	for (const [path, name, reason] of cases) {
		it(`answer ${path} with a 400 that names ${name} and what it allows`, async () => {
			const res = await get(path);
			expect(res.status).toBe(400);
			expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
			const problem = await res.json<any>();
			expect(problem.status).toBe(400);
			expect(problem.invalid_params).toContainEqual({ name, reason: expect.stringMatching(reason) });
			expect(problem.detail).toContain(name);
		});
	}

	it("name the first few unknown slugs, suggest for the first, and count the rest", async () => {
		// Sorted, "russo" is the first: the typo that gets suggestions.
		const made = Array.from({ length: 39 }, (_, i) => `person=x${String(i).padStart(2, "0")}`);
		const search = ["person=russo", ...made].join("&");
		const res = await get(`/feed.json?${search}&film=nope`);
		expect(res.status).toBe(400);
		const { invalid_params: params } = await res.json<any>();
		const reasons: string[] = params.map((p: { reason: string }) => p.reason);
		expect(reasons.slice(0, 5).map((r) => r.match(/^there is no person "([^"]+)"/)?.[1])).toEqual([
			"russo",
			"x00",
			"x01",
			"x02",
			"x03",
		]);
		expect(reasons[0]).toMatch(/did you mean anthony-russo or joe-russo\?/);
		expect(reasons.slice(1).some((r) => r.includes("did you mean"))).toBe(false);
		expect(params.slice(5)).toEqual([
			{ name: "person", reason: "and 35 more slugs name no person with a feed" },
			{ name: "film", reason: "and 1 more slug names no film with a feed" },
		]);
	});

	it("answer in plain text for an XML feed, listing every bad parameter", async () => {
		const res = await get("/feed.atom?limit=-1&since=soon");
		expect(res.status).toBe(400);
		expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
		const body = await res.text();
		expect(body).toMatch(/^400 Bad Request\n\nInvalid query parameters: limit: must be .*; since: must be /);
	});
});

describe("values that cannot change a feed", () => {
	it("make no new URL: a limit past the listing, a filter naming the feed's own entity", async () => {
		for (const limit of [3, 4, 50, 100])
			expect((await json(`/feed.json?limit=${limit}`)).feed_url).toBe(`${ORIGIN}/feed.json`);
		expect((await json("/feed.json?limit=2")).feed_url).toBe(`${ORIGIN}/feed.json?limit=2`);
		const own = await json("/feed/person/joe-russo.json?person=joe-russo");
		expect(own.feed_url).toBe(`${ORIGIN}/feed/person/joe-russo.json`);
		expect(own.title).toBe((await json("/feed/person/joe-russo.json")).title);
		expect((await json("/feed/film/cherry.json?film=cherry&person=tom-holland")).feed_url).toBe(
			`${ORIGIN}/feed/film/cherry.json?person=tom-holland`,
		);
	});

	it("drop a whole group that names the feed's own entity, which every item matches, and keep the items", async () => {
		const all = (await json("/feed/person/joe-russo.json")).items.length;
		const either = await json("/feed/person/joe-russo.json?person=joe-russo&person=david-harbour");
		expect(either.feed_url).toBe(`${ORIGIN}/feed/person/joe-russo.json`);
		expect(either.items.length).toBe(all);
		const any = await json("/feed/person/joe-russo.json?person=joe-russo&film=extraction-2&match=any");
		expect(any.feed_url).toBe(`${ORIGIN}/feed/person/joe-russo.json`);
		expect(any.items.length).toBe(all);
		// Without match=any, the film still narrows.
		const both = await json("/feed/person/joe-russo.json?person=joe-russo&film=extraction-2");
		expect(both.feed_url).toBe(`${ORIGIN}/feed/person/joe-russo.json?film=extraction-2`);
	});
});

describe("page cursors", () => {
	it("make at most one key per article: a cursor naming an article outside the listing starts the same page as its neighbour's", async () => {
		const middle = "2020-05-04T00:00:00Z~extraction-2-already-in-the-works";
		// Tom Holland is in one article (2020-04-23): a cursor naming the 2020-05-04 article, not
		// his, starts his listing at its first entry, which is the first page: no cursor at all.
		expect((await json(`/feed/person/tom-holland.json?before=${middle}`)).feed_url).toBe(
			`${ORIGIN}/feed/person/tom-holland.json`,
		);
		// Joe Russo is in all three: a cursor naming one of them is kept as it is.
		const joe = `/feed/person/joe-russo.json?before=${middle}&limit=1`;
		expect((await json(joe)).feed_url).toBe(`${ORIGIN}${joe}`);
		// The Winter Soldier is in the first and the last: the cursor of the middle article becomes
		// the first's, which starts the same page (the last article).
		const film = "/feed/film/captain-america-the-winter-soldier.json?limit=1";
		const named = await json(`${film}&before=${middle}`);
		const canonical = `${ORIGIN}/feed/film/captain-america-the-winter-soldier.json?before=2020-05-05T00:00:00Z~joe-russo-returns-to-write-extraction-2&limit=1`;
		expect(named.feed_url).toBe(canonical);
		expect(slugs(named)).toEqual([interview]);
		expect(await json(canonical)).toEqual(named);
	});
});
