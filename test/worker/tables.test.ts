import { describe, expect, it } from "vitest";
import {
	articles,
	ENTITY_KINDS,
	ENTITY_TYPE_NAMES,
	ENTITY_TYPES,
	hasFeed,
	headingOfAll,
	isByline,
} from "../../src/content/index.ts";
import { FORMAT_NAMES, FORMATS, paths } from "../../src/feeds/index.ts";
import { get, ORIGIN, parseXml, select, visible } from "./helpers.ts";

// Every place that names an entity type or a feed format follows the tables (ENTITY_TYPES in
// src/content/entity-types.ts, FORMATS in src/feeds/formats.ts): each is checked here for every
// row, through the Worker, so a new row that some place misses fails here.

/** An entity of each type that has a feed and articles, and one page of it, for the checks below. */
const sample = (type: (typeof ENTITY_TYPE_NAMES)[number]) => {
	const e = visible()
		.entitiesOf(type)
		.find((x) => hasFeed(x) && visible().listOf(x).length > 0);
	if (!e) throw new Error(`the fixtures have no ${type} with a feed and articles`);
	return e;
};

const ok = async (path: string, init?: RequestInit) => {
	const res = await get(path, init);
	expect(res.status, path).toBe(200);
	return res;
};

describe("the entity-type table", () => {
	it("has a row for each type the fixtures use", () => {
		expect(ENTITY_TYPE_NAMES).toEqual(["person", "film", "series", "author"]);
	});

	for (const type of ENTITY_TYPE_NAMES) {
		const row = ENTITY_TYPES[type];
		describe(type, () => {
			it(`gives the directory page, the entity pages and the feeds their URLs (${row.plural})`, async () => {
				const e = sample(type);
				const directory = await (await ok(paths.directory(type))).text();
				expect((await select(directory, "h1"))[0]?.text).toBe(row.heading);
				expect((await select(directory, `a[href="${paths.entity(type, e.slug)}"]`)).length).toBe(1);
				await ok(paths.entity(type, e.slug));
				await ok(paths.embed(type, e.slug));
				for (const format of FORMAT_NAMES) await ok(paths.feed({ type, slug: e.slug }, format));
			});

			it("names it in the navigation, the footer's API links and the home page", async () => {
				const home = await (await ok(paths.home())).text();
				const nav = await select(home, 'nav[aria-label="Site"] a');
				expect(nav.map((a) => [a.attrs.href, a.text])).toContainEqual([paths.directory(type), row.heading]);
				const footer = await select(home, "footer a");
				expect(footer.map((a) => [a.attrs.href, a.text])).toContainEqual([paths.api(type), row.plural]);
				expect((await select(home, "h2")).map((h) => h.text)).toContain(row.heading);
			});

			it("lists it in the directory API under its plural, valid against the served schema", async () => {
				const doc = await (await ok(paths.api(type))).json<Record<string, { kind: string }[]>>();
				// Its entries under its plural, then where the page is among the pages (see paging.test.ts).
				expect(Object.keys(doc)).toEqual([row.plural, "page", "pages", "previous", "next"]);
				expect(doc[row.plural]?.length).toBe(visible().entitiesOf(type).length);
				for (const entry of doc[row.plural] ?? []) expect(row.kinds).toContain(entry.kind);
			});

			it("takes it as a query parameter, and says when a slug names none", async () => {
				const e = sample(type);
				const feed = await (await ok(`${paths.feed({ type: "site" }, "json")}?${type}=${e.slug}`)).json<any>();
				expect(feed.items.length).toBe(Math.min(visible().listOf(e).length, 20));
				const bad = await get(`${paths.feed({ type: "site" }, "json")}?${type}=no-such-slug`);
				expect(bad.status).toBe(400);
				expect((await bad.json<any>()).invalid_params[0]).toMatchObject({ name: type });
			});

			it("groups it in OPML and in the JSON Feed extension, and heads it on article pages", async () => {
				const opml = parseXml(await (await ok(paths.opml())).text()).opml.body.outline;
				const group = opml.find((o: any) => o["@text"] === row.heading);
				const outlines = Array.isArray(group?.outline) ? group.outline : [group?.outline];
				expect(outlines.length).toBe(visible().entitiesOf(type).filter(hasFeed).length);
				const e = sample(type);
				const item = (await (await ok(paths.feed({ type, slug: e.slug }, "json"))).json<any>()).items[0];
				// Besides the lead image, where there is one (see images.test.ts).
				expect(Object.keys(item._reelfeed).filter((k) => k !== "image")).toEqual(
					ENTITY_TYPE_NAMES.map((t) => ENTITY_TYPES[t].plural),
				);
				expect(item._reelfeed[row.plural].map((x: { slug: string }) => x.slug)).toContain(e.slug);
				const tagging = articles.at(visible().listOf(e)[0] as number)?.slug as string;
				const article = await (await ok(paths.article(tagging))).text();
				// Subjects are listed under their heading; bylines are the article's "by".
				if (isByline(type))
					expect((await select(article, `.meta a[href="${paths.entity(type, e.slug)}"]`)).length).toBe(1);
				else expect((await select(article, "aside h3")).map((h) => h.text)).toContain(headingOfAll(type));
			});
		});
	}
});

describe("the format table", () => {
	it("has a row for each format, in order of preference", () => {
		expect(FORMAT_NAMES).toEqual(["rss", "atom", "json"]);
	});

	for (const name of FORMAT_NAMES) {
		const format = FORMATS[name];
		describe(format.label, () => {
			it(`serves every feed at .${format.extension} as ${format.mediaType}, and negotiates it`, async () => {
				const res = await ok(paths.feed({ type: "site" }, name));
				expect(res.headers.get("content-type")).toBe(format.contentType);
				for (const accept of format.accepts) {
					const negotiated = await get(paths.feed({ type: "site" }), { headers: { accept } });
					expect(negotiated.status, accept).toBe(302);
					expect(negotiated.headers.get("location")).toBe(`${ORIGIN}${paths.feed({ type: "site" }, name)}`);
				}
			});

			it("is advertised by pages, offered by subscribe boxes, linked by the directory and the extension", async () => {
				const e = sample("person");
				const page = await (await ok(paths.entity("person", e.slug))).text();
				const alternates = await select(page, 'link[rel="alternate"]');
				expect(alternates.map((l) => [l.attrs.type, l.attrs.href])).toContainEqual([
					format.mediaType,
					`${ORIGIN}${paths.feed({ type: "person", slug: e.slug }, name)}`,
				]);
				expect((await select(page, ".subscribe label")).map((l) => l.text)).toContain(format.label);
				const entry = (await (await ok(paths.api("person"))).json<any>()).people[0];
				expect(Object.keys(entry.feeds)).toEqual(FORMAT_NAMES);
				const item = (await (await ok(paths.feed({ type: "site" }, "json"))).json<any>()).items[0];
				const tagged = item._reelfeed.people[0] ?? item._reelfeed.films[0];
				expect(Object.keys(tagged.feeds)).toEqual(FORMAT_NAMES);
			});
		});
	}
});

describe("the directory schema", () => {
	it("is made from both tables: a document per type, the kinds, a link per format", async () => {
		const schema = await (await ok(paths.apiSchema())).json<any>();
		expect(schema.anyOf.map((d: any) => Object.keys(d.properties))).toEqual(
			ENTITY_TYPE_NAMES.map((t) => [ENTITY_TYPES[t].plural, "page", "pages", "previous", "next"]),
		);
		const entry = schema.definitions.entry;
		expect(entry.properties.kind.enum).toEqual(ENTITY_KINDS);
		expect(entry.properties.feeds.anyOf.find((s: any) => s.type === "object").required).toEqual(FORMAT_NAMES);
		expect(schema.title).toContain(paths.api("film"));
	});
});
