import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { FILMS, get, ORIGIN, PEOPLE, parseXml } from "./helpers.ts";

const schemaValidator = async () => new Validator((await (await get("/api/schema.json")).json()) as object, "7");

describe("the directory API", () => {
	it("lists every person with counts, newest article, page and feeds, valid against its schema", async () => {
		const res = await get("/api/people.json");
		expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
		expect(res.headers.get("access-control-allow-origin")).toBe("*");
		const body = await res.json<any>();
		const result = (await schemaValidator()).validate(body);
		expect(result.errors).toEqual([]);
		expect(body.people.map((p: any) => p.slug)).toEqual(PEOPLE);
		expect(body.people.find((p: any) => p.slug === "anthony-russo")).toEqual({
			slug: "anthony-russo",
			name: "Anthony Russo",
			aliases: [],
			kind: "person",
			description: expect.any(String),
			article_count: 2,
			newest_article: "2020-05-04T00:00:00.000Z",
			url: `${ORIGIN}/people/anthony-russo`,
			feeds: {
				rss: `${ORIGIN}/feed/person/anthony-russo.xml`,
				atom: `${ORIGIN}/feed/person/anthony-russo.atom`,
				json: `${ORIGIN}/feed/person/anthony-russo.json`,
			},
		});
	});

	it("lists every film and other work, with feeds only for films, valid against its schema", async () => {
		const body = await (await get("/api/films.json")).json<any>();
		expect((await schemaValidator()).validate(body).errors).toEqual([]);
		const withFeeds = body.films.filter((f: any) => f.feeds).map((f: any) => f.slug);
		expect(withFeeds).toEqual(FILMS);
		const simpsons = body.films.find((f: any) => f.slug === "the-simpsons");
		expect(simpsons).toMatchObject({ kind: "series", feeds: null, article_count: 1 });
		expect(body.films.find((f: any) => f.slug === "captain-america-the-winter-soldier").aliases).toEqual([
			"Captain America: Winter Soldier",
		]);
	});

	it("rejects a document that breaks the schema, so the check means something", async () => {
		const validator = await schemaValidator();
		expect(validator.validate({ people: [{ slug: "Bad Slug" }] }).valid).toBe(false);
		expect(validator.validate({ people: [], films: [] }).valid).toBe(false);
	});
});

describe("OPML", () => {
	const outlines = (node: any): any[] => (node === undefined ? [] : Array.isArray(node) ? node : [node]);

	it("lists every feed, grouped, importable as OPML 2.0", async () => {
		const res = await get("/feeds.opml");
		expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
		const opml = parseXml(await res.text()).opml;
		expect(opml["@version"]).toBe("2.0");
		expect(opml.head.title).toBe("reelfeed: every feed");
		const [siteFeed, people, films] = outlines(opml.body.outline);
		expect(siteFeed).toMatchObject({ "@type": "rss", "@xmlUrl": `${ORIGIN}/feed.xml`, "@htmlUrl": `${ORIGIN}/` });
		expect(people["@text"]).toBe("People");
		expect(outlines(people.outline).map((o) => o["@xmlUrl"])).toEqual(
			PEOPLE.map((p) => `${ORIGIN}/feed/person/${p}.xml`),
		);
		expect(outlines(films.outline).map((o) => o["@xmlUrl"])).toEqual(FILMS.map((f) => `${ORIGIN}/feed/film/${f}.xml`));
		for (const o of [...outlines(people.outline), ...outlines(films.outline)]) {
			expect(o["@type"]).toBe("rss");
			expect(o["@text"]).toMatch(/ — reelfeed$/);
			expect((await get(o["@xmlUrl"])).status).toBe(200);
		}
	});

	it("lists the feeds of everyone tagged alongside a film", async () => {
		const opml = parseXml(await (await get("/films/extraction-2/people.opml")).text()).opml;
		const group = outlines(opml.body.outline)[0];
		const slugs = outlines(group.outline).map((o) =>
			o["@xmlUrl"].replace(`${ORIGIN}/feed/person/`, "").replace(".xml", ""),
		);
		expect(slugs.sort()).toEqual([
			"anthony-russo",
			"chris-hemsworth",
			"david-harbour",
			"joe-russo",
			"rudhraksh-jaiswal",
			"sam-hargrave",
		]);
		expect((await get("/films/the-simpsons/people.opml")).status).toBe(404);
	});
});

describe("embeds", () => {
	it("serve the custom element script, small, to any origin", async () => {
		const res = await get("/embed.js");
		expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
		expect(res.headers.get("access-control-allow-origin")).toBe("*");
		const js = await res.text();
		expect(js).toContain("reelfeed-list");
		expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
		expect(js.length).toBeLessThan(4096);
	});

	it("serve an iframe page that any site may frame, with links that open in the top window", async () => {
		const res = await get("/embed/person/tom-holland");
		expect(res.status).toBe(200);
		expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors \*$/);
		expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
		expect(res.headers.get("x-frame-options")).toBeNull();
		const html = await res.text();
		expect(html).toContain('target="_top"');
		expect(html).toContain("joe-russo-talks-extraction");
		expect((await get("/embed/film/the-simpsons")).status).toBe(404);
	});
});

describe("assets", () => {
	it("are served with a type, an ETag and 304s", async () => {
		for (const name of ["site.css", "copy.js", "embed.js", "icon.svg"]) {
			const res = await get(`/assets/${name}`);
			expect(res.status, name).toBe(200);
			const etag = res.headers.get("etag") as string;
			expect((await get(`/assets/${name}`, { headers: { "if-none-match": etag } })).status).toBe(304);
		}
		expect((await get("/assets/nope.js")).status).toBe(404);
	});

	it("are looked up by their own names only, never an object's inherited properties", async () => {
		for (const name of ["constructor", "__proto__", "__definegetter__"]) {
			const res = await get(`/assets/${name}`);
			expect(res.status, name).toBe(404);
			expect(res.headers.get("content-type"), name).toBe("text/plain; charset=utf-8");
		}
	});

	it("include /favicon.ico, an ICO of PNG images the pages link with the SVG icon", async () => {
		const res = await get("/favicon.ico");
		expect(res.status).toBe(200);
		expect(res.headers.get("content-type")).toBe("image/x-icon");
		const bytes = new Uint8Array(await res.arrayBuffer());
		const view = new DataView(bytes.buffer);
		// ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image.
		expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0, 1]);
		const count = view.getUint16(4, true);
		expect(count).toBeGreaterThanOrEqual(2);
		for (let i = 0; i < count; i++) {
			const size = view.getUint8(6 + 16 * i);
			const offset = view.getUint32(6 + 16 * i + 12, true);
			// Each image is a PNG whose header says the size the directory does.
			expect([...bytes.subarray(offset, offset + 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
			expect(view.getUint32(offset + 16)).toBe(size);
		}
		const svg = await (await get("/assets/icon.svg")).text();
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		const home = await (await get("/")).text();
		expect(home).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"/>');
		expect(home).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml"/>');
	});
});
