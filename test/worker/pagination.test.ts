import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import type { Edition, Entity, EntityType } from "../../src/content/index.ts";
import { directoryDocument, directoryPaged } from "../../src/feeds/directory.ts";
import { PREFERRED_FORMAT } from "../../src/feeds/formats.ts";
import { allFeedsOpml, allFeedsPaged } from "../../src/feeds/opml.ts";
import { PAGE_SIZE, type Paged, pageLinkHeader, pageOf, parsePage } from "../../src/feeds/paging.ts";
import type { Resolved } from "../../src/feeds/resolve.ts";
import { paths } from "../../src/feeds/urls.ts";
import { directoryPage, directoryPagePaged } from "../../src/pages/directory-page.tsx";
import { get, ORIGIN, parseXml, select, visible } from "./helpers.ts";

const value = <T>(r: Resolved<T>): T => {
	if (!r.ok) throw new Error(JSON.stringify(r.problem));
	return r.value;
};

/**
 * The tests' edition with registries far larger than the fixtures': `n` people (a film per ten), so
 * that every growing list spans several pages. Each entity is named by no article (lists empty).
 */
function largeEdition(n: number): Edition {
	const real = visible();
	const made = (type: EntityType, count: number, kind: string): Entity[] =>
		Array.from({ length: count }, (_, i) => ({
			type,
			slug: `${type}-${String(i).padStart(6, "0")}`,
			name: `${type} ${i}`,
			aliases: [],
			description: `Synthetic ${type} ${i}.`,
			kind,
			articles: [],
			rev: String(i),
			changed: "2026-01-01T00:00:00.000Z",
		}));
	const registries: Record<string, Entity[]> = {
		person: made("person", n, "person"),
		film: made("film", Math.ceil(n / 10), "film"),
		series: [],
		author: [],
	};
	return {
		...real,
		entityCount: (type) => ({ all: registries[type]?.length ?? 0, withFeeds: registries[type]?.length ?? 0 }),
		entitiesOf: (type, from = 0, to = Number.POSITIVE_INFINITY) => (registries[type] ?? []).slice(from, to),
		listOf: () => [],
		countOf: () => 0,
		mostNamed: (type, k) => (registries[type] ?? []).slice(0, k),
	};
}

/** Every page of a list, from the first, following each page's own count. */
function walk<T>(first: Paged<T>, pageAt: (page: number) => Paged<T>): Paged<T>[] {
	const pages = [first];
	while ((pages.at(-1) as Paged<T>).page < first.pages) pages.push(pageAt(pages.length + 1));
	return pages;
}

describe("the page parameter", () => {
	it("is a whole number from 1, given once, else a 400 that says so", () => {
		expect(parsePage([])).toEqual({ ok: true, value: 1 });
		expect(parsePage(["1"])).toEqual({ ok: true, value: 1 });
		expect(parsePage(["27"])).toEqual({ ok: true, value: 27 });
		for (const bad of [["0"], ["01"], ["-1"], ["1.5"], ["two"], [""], ["1e3"], ["9".repeat(5000)], ["1", "2"]])
			expect(parsePage(bad).ok, JSON.stringify(bad).slice(0, 40)).toBe(false);
	});

	it("past the last page is a not-found that counts the pages", () => {
		const numbers = [1, 2, 3];
		const r = pageOf(numbers.length, 3, 2, "numbers", (from, to) => numbers.slice(from, to));
		expect(r.ok).toBe(false);
		if (!r.ok && r.problem.kind === "not-found") expect(r.problem.detail).toBe("There are 2 pages of numbers, not 3.");
		expect(value(pageOf(0, 1, 2, "numbers", () => []))).toEqual({ items: [], page: 1, pages: 1 });
	});

	it("is answered over HTTP: 400 for a bad one, 404 past the end, each in the format asked for", async () => {
		for (const path of [paths.api("person"), paths.opml(), paths.directory("film")]) {
			const bad = await get(`${path}?page=0`);
			expect(bad.status, path).toBe(400);
			expect(await bad.text()).toContain("page");
			const past = await get(`${path}?page=2`);
			expect(past.status, path).toBe(404);
			expect(await past.text()).toContain("There is 1 page of");
			// The first page, named or not, is the same document.
			const [plain, named] = await Promise.all([get(path), get(`${path}?page=1`)]);
			expect(named.status).toBe(200);
			expect(named.headers.get("etag")).toBe(plain.headers.get("etag"));
			expect(plain.headers.get("link"), "one page: no Link header").toBeNull();
		}
		const json = await get(`${paths.api("person")}?page=x`);
		expect(json.headers.get("content-type")).toMatch(/^application\/problem\+json/);
		expect(((await json.json()) as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe("page");
	});
});

describe("the directory API, 12,345 people long", () => {
	const ed = largeEdition(12_345);
	const origin = ORIGIN;
	const pageAt = (page: number) => value(directoryPaged(ed, "person", page));
	const pages = walk(pageAt(1), pageAt);

	it("pages every person exactly once, in registry order, 500 to a page", () => {
		expect(pages).toHaveLength(Math.ceil(12_345 / PAGE_SIZE.api));
		for (const p of pages.slice(0, -1)) expect(p.items).toHaveLength(PAGE_SIZE.api);
		expect(pages.flatMap((p) => p.items.map((e) => e.slug))).toEqual(ed.entitiesOf("person").map((e) => e.slug));
	});

	it("links each page to the ones around it, in the document and the Link header, valid against the served schema", async () => {
		const validator = new Validator((await (await get(paths.apiSchema())).json()) as object, "7");
		const url = origin + paths.api("person");
		let previous: string | null = null;
		for (const paged of pages) {
			const doc = directoryDocument(ed, origin, "person", paged);
			const result = validator.validate(JSON.parse(JSON.stringify(doc)));
			expect(result.valid, JSON.stringify(result.errors.slice(0, 2))).toBe(true);
			expect(doc.previous).toBe(previous);
			expect(doc.page).toBe(paged.page);
			expect(doc.pages).toBe(pages.length);
			const self = paged.page === 1 ? url : `${url}?page=${paged.page}`;
			previous = self;
			expect(doc.next).toBe(paged.page < pages.length ? `${url}?page=${paged.page + 1}` : null);
			const link = pageLinkHeader(url, paged).link as string;
			expect(link).toContain(`<${url}>; rel="first"`);
			expect(link).toContain(`<${url}?page=${pages.length}>; rel="last"`);
			if (doc.next) expect(link).toContain(`<${doc.next}>; rel="next"`);
			if (doc.previous) expect(link).toContain(`<${doc.previous}>; rel="prev"`);
		}
	});
});

describe("OPML, 12,345 people and 1,235 films long", () => {
	const ed = largeEdition(12_345);
	const pageAt = (page: number) => value(allFeedsPaged(ed, page));
	const pages = walk(pageAt(1), pageAt);
	const outlines = (xml: string): { "@text": string; "@xmlUrl"?: string; outline?: unknown }[] => {
		const doc = parseXml(xml);
		const body = doc.opml.body.outline;
		return Array.isArray(body) ? body : [body];
	};

	it("pages every feed exactly once, 1,000 to a page, the site's on the first, each page a valid OPML document", () => {
		expect(pages).toHaveLength(Math.ceil((12_345 + 1_235) / PAGE_SIZE.opml));
		const feeds: string[] = [];
		let site = 0;
		for (const paged of pages) {
			const top = outlines(allFeedsOpml(ed, ORIGIN, paged));
			for (const o of top) {
				if (o["@xmlUrl"]) {
					site++;
					continue;
				}
				const children = o.outline === undefined ? [] : Array.isArray(o.outline) ? o.outline : [o.outline];
				for (const child of children as { "@xmlUrl": string }[]) feeds.push(child["@xmlUrl"]);
			}
			expect(paged.items.length).toBeLessThanOrEqual(PAGE_SIZE.opml);
		}
		expect(site).toBe(1);
		const expected = [...ed.entitiesOf("person"), ...ed.entitiesOf("film")].map(
			(e) => `${ORIGIN}${paths.feed({ type: e.type, slug: e.slug }, PREFERRED_FORMAT)}`,
		);
		expect(feeds).toEqual(expected);
	});
});

describe("the directory pages, 12,345 people long", () => {
	const ed = largeEdition(12_345);
	const pageAt = (page: number) => value(directoryPagePaged(ed, "person", page));
	const pages = walk(pageAt(1), pageAt);

	it("list every person once, 500 to a page, each page linking to the next and the previous", async () => {
		const seen: string[] = [];
		for (const paged of pages) {
			const html = String(directoryPage(ed, ORIGIN, "person", paged));
			const links = (await select(html, "ul.entities a")).map((a) => a.attrs.href as string);
			expect(links.length).toBeLessThanOrEqual(PAGE_SIZE.directory);
			seen.push(...links);
			const next = (await select(html, 'nav.pages a[rel="next"]')).map((a) => a.attrs.href);
			const prev = (await select(html, 'nav.pages a[rel="prev"]')).map((a) => a.attrs.href);
			expect(next).toEqual(paged.page < pages.length ? [`${paths.directory("person")}?page=${paged.page + 1}`] : []);
			expect(prev).toEqual(
				paged.page === 1
					? []
					: [paged.page === 2 ? paths.directory("person") : `${paths.directory("person")}?page=${paged.page - 1}`],
			);
		}
		expect(seen).toEqual(ed.entitiesOf("person").map((e) => paths.entity("person", e.slug)));
	});
});

describe("the pages that name entities, bounded", () => {
	it("the home page names the most written about of each type, and links to the rest", async () => {
		const html = await (await get(paths.home())).text();
		const people = visible()
			.entitiesOf("person")
			.filter((e) => visible().countOf(e) > 0);
		// The fixtures have fewer people than the home page names: all of them, most written about first.
		const linked = (await select(html, "ul.entities a")).map((a) => a.attrs.href as string);
		expect(linked.filter((h) => h.startsWith("/people/")).length).toBe(people.length);
		const counts = visible()
			.mostNamed("person", 1000)
			.map((e) => visible().countOf(e));
		expect([...counts].sort((a, b) => b - a)).toEqual(counts);
	});
});
