import { describe, expect, it } from "vitest";
import { FILMS, get, ORIGIN, PEOPLE, parseXml } from "./helpers.ts";

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
		expect((await get("/films/magic-the-gathering/people.opml")).status).toBe(404);
	});
});
