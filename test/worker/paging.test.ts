import { describe, expect, it } from "vitest";
import type { Article, ArticleTable, Edition, Entity } from "../../src/content/index.ts";
import { type FeedQuery, LIMIT, noFilters } from "../../src/feeds/query.ts";
import { listing, selectPage } from "../../src/feeds/select.ts";
import { ARTICLES, get, ORIGIN, parseXml, text } from "./helpers.ts";

/** A deterministic corpus larger than many pages: n articles, newest first, some sharing a date. */
function corpus(n: number, seed = 7): Article[] {
	let x = seed;
	const random = () => {
		x = (x * 1103515245 + 12345) % 2 ** 31;
		return x / 2 ** 31;
	};
	const list: Omit<Article, "position">[] = [];
	for (let i = 0; i < n; i++) {
		const day = 1 + Math.floor(i / 3); // three articles a day: ties broken by slug
		const date = new Date(Date.UTC(2024, 0, 1) - day * 86_400_000).toISOString();
		const updated = random() < 0.2 ? new Date(Date.parse(date) + 40 * 86_400_000).toISOString() : date;
		list.push({
			slug: `a${String(i).padStart(4, "0")}-${Math.floor(random() * 1000)}`,
			id: `tag:t,2024:${i}`,
			title: `A${i}`,
			summary: "",
			date,
			updated,
			html: "",
			hasRelativeUrls: false,
			entities: [],
			rev: String(i),
		});
	}
	return list
		.sort((a, b) => (a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1))
		.map((a, position) => ({ ...a, position }));
}

const entity = (slug: string, indexes: number[]): Entity => ({
	type: "person",
	slug,
	name: slug,
	aliases: [],
	description: "",
	kind: "person",
	articles: indexes,
	rev: slug,
	changed: "2026-01-01T00:00:00.000Z",
});

/** An array of index entries as the table selectPage reads (the Worker's reads them from the content's files). */
const tableOf = (all: readonly Article[]): ArticleTable => ({
	length: all.length,
	at: (i) => all[i],
	need: () => {},
	near: () => [0, all.length],
});

const query = (q: Partial<FeedQuery>): FeedQuery => ({ filters: noFilters(), limit: LIMIT.default, ...q });

/** Follows next cursors from the first page; returns the pages' slugs. */
function walkForward(all: Article[], indexes: readonly number[] | undefined, q: FeedQuery): string[][] {
	const pages: string[][] = [];
	let page = selectPage(tableOf(all), indexes, q);
	pages.push(page.items.map((a) => a.slug));
	while (page.next) {
		page = selectPage(tableOf(all), indexes, { ...q, before: page.next });
		pages.push(page.items.map((a) => a.slug));
		if (pages.length > all.length) throw new Error("paging does not end");
	}
	return pages;
}

describe("paging a generated corpus of 250 articles", () => {
	const all = corpus(250);

	it("puts every item on exactly one page, in order, walking next links from the first page", () => {
		for (const limit of [1, 7, 20, 100]) {
			const pages = walkForward(all, undefined, query({ limit }));
			expect(pages.flat()).toEqual(all.map((a) => a.slug));
			expect(pages.every((p, i) => p.length === limit || i === pages.length - 1)).toBe(true);
		}
	});

	it("does the same for a filtered listing and with since", () => {
		const even = entity(
			"even",
			all.flatMap((_, i) => (i % 2 === 0 ? [i] : [])),
		);
		const thirds = entity(
			"thirds",
			all.flatMap((_, i) => (i % 3 === 0 ? [i] : [])),
		);
		// An edition that hides nothing: every article of each list is visible.
		const everything = { listOf: (e: Entity) => e.articles } as unknown as Edition;
		const indexes = listing(everything, undefined, [[even], [thirds]]);
		const since = all[120]?.date as string;
		const expected = all.filter((a, i) => i % 6 === 0 && a.updated > since).map((a) => a.slug);
		expect(expected.length).toBeGreaterThan(20);
		expect(walkForward(all, indexes, query({ limit: 4, since })).flat()).toEqual(expected);
	});

	it("walks back with previous links through the same pages", () => {
		const q = query({ limit: 9 });
		const forward = walkForward(all, undefined, q);
		let page = selectPage(tableOf(all), undefined, q);
		const cursors = [];
		while (page.next) {
			cursors.push(page.next);
			page = selectPage(tableOf(all), undefined, { ...q, before: page.next });
		}
		const backward: string[][] = [page.items.map((a) => a.slug)];
		while (page.previous !== undefined) {
			page = selectPage(tableOf(all), undefined, page.previous ? { ...q, before: page.previous } : q);
			backward.unshift(page.items.map((a) => a.slug));
		}
		expect(backward).toEqual(forward);
		expect(cursors.length).toBe(forward.length - 1);
	});

	it("loses and repeats nothing when new articles arrive between two pages", () => {
		const q = query({ limit: 10 });
		const first = selectPage(tableOf(all), undefined, q);
		const grown = [
			...corpus(30, 99).map((a) => ({
				...a,
				date: "2025-01-01T00:00:00.000Z",
				updated: "2025-01-01T00:00:00.000Z",
				slug: `new-${a.slug}`,
			})),
			...all,
		];
		const rest = walkForward(grown, undefined, { ...q, before: first.next });
		expect([...first.items.map((a) => a.slug), ...rest.flat()]).toEqual(all.map((a) => a.slug));
	});

	it("marks the first page with no previous link and the last with no next link", () => {
		const first = selectPage(tableOf(all), undefined, query({ limit: 100 }));
		expect(first.previous).toBeUndefined();
		const second = selectPage(tableOf(all), undefined, query({ limit: 100, before: first.next }));
		expect(second.previous).toBeNull();
		const third = selectPage(tableOf(all), undefined, query({ limit: 100, before: second.next }));
		expect(third.next).toBeUndefined();
		expect(third.items).toHaveLength(50);
	});
});

describe("paging over HTTP", () => {
	it("links pages with JSON Feed next_url and Link headers, losing and repeating nothing", async () => {
		const seen: string[] = [];
		let url: string | undefined = `${ORIGIN}/feed.json?limit=1`;
		const links: string[] = [];
		while (url) {
			const res = await get(url);
			links.push(res.headers.get("link") ?? "");
			const feed = await res.json<any>();
			seen.push(...feed.items.map((i: any) => i.url.replace(`${ORIGIN}/articles/`, "")));
			url = feed.next_url;
		}
		expect(seen).toEqual([ARTICLES.deal, ARTICLES.sequelOrPrequel, ARTICLES.interview]);
		// A paged feed names no WebSub hub: no hub is told of it (see websub.test.ts).
		expect(links[0]).toBe(
			`<${ORIGIN}/feed.json?limit=1>; rel="first", <${ORIGIN}/feed.json?before=2020-05-05T00:00:00Z~joe-russo-returns-to-write-extraction-2&limit=1>; rel="next"`,
		);
		expect(links[1]).toMatch(
			/rel="first", <[^>]+before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works&limit=1>; rel="next", <[^>]+\/feed\.json\?limit=1>; rel="previous"$/,
		);
		expect(links[2]).not.toContain('rel="next"');
	});

	it("puts RFC 5005 first, next and previous links in Atom and RSS", async () => {
		const second = `${ORIGIN}/feed.atom?before=2020-05-05T00:00:00Z~joe-russo-returns-to-write-extraction-2&limit=1`;
		const atom = parseXml(await (await get(second)).text()).feed;
		const rel = (r: string) => atom.link.find((l: any) => l["@rel"] === r)?.["@href"];
		expect(rel("self")).toBe(second);
		expect(rel("first")).toBe(`${ORIGIN}/feed.atom?limit=1`);
		expect(rel("previous")).toBe(`${ORIGIN}/feed.atom?limit=1`);
		expect(rel("next")).toBe(
			`${ORIGIN}/feed.atom?before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works&limit=1`,
		);
		expect(text(atom.entry[0].link[0]["@href"])).toBe(`${ORIGIN}/articles/${ARTICLES.sequelOrPrequel}`);

		const rss = parseXml(await (await get(`${ORIGIN}/feed.xml?limit=2`)).text()).rss.channel;
		const rssRel = (r: string) => rss["atom:link"].find((l: any) => l["@rel"] === r)?.["@href"];
		expect(rssRel("first")).toBe(`${ORIGIN}/feed.xml?limit=2`);
		expect(rssRel("next")).toBe(
			`${ORIGIN}/feed.xml?before=2020-05-04T00:00:00Z~extraction-2-already-in-the-works&limit=2`,
		);
		expect(rssRel("previous")).toBeUndefined();
	});

	it("adds no paging links to a feed that fits on one page", async () => {
		const res = await get("/feed.atom");
		expect(res.headers.get("link")).not.toMatch(/rel="(?:first|next|previous)"/);
		const atom = parseXml(await res.text()).feed;
		expect(atom.link.map((l: any) => l["@rel"]).sort()).toEqual(["alternate", "hub", "hub", "self"]);
	});
});
