import { describe, expect, it } from "vitest";
import { ENTITY_TYPE_NAMES, hasFeed } from "../../src/content/index.ts";
import { indexOfMarkup } from "../../src/feeds/escape.ts";
import {
	buildFeed,
	type FeedRequest,
	FORMAT_NAMES,
	FORMATS,
	type FormatName,
	plainRequest,
	renderReusingItems,
} from "../../src/feeds/index.ts";
import { pageOf } from "../../src/feeds/model.ts";
import { ORIGIN, parseXml, visible } from "./helpers.ts";

/** Every feed of the fixture content: the site's and every entity's, first page and (limit 1) second. */
function everyFeed(): FeedRequest[] {
	const scopes: FeedRequest[] = [plainRequest(visible(), { type: "site" })];
	for (const type of ENTITY_TYPE_NAMES)
		for (const e of visible().entitiesOf(type).filter(hasFeed))
			scopes.push(plainRequest(visible(), { type, slug: e.slug }, e));
	return scopes.flatMap((req) => {
		const one = { ...req, query: { ...req.query, limit: 1 } };
		const next = pageOf(one).next;
		return [req, one, ...(next ? [{ ...one, query: { ...one.query, before: next } }] : [])];
	});
}

const XML = FORMAT_NAMES.filter((f) => FORMATS[f].xml);

describe("reusing rendered items", () => {
	it("gives every feed byte for byte what its renderer writes for the whole feed at once", () => {
		const feeds = everyFeed();
		expect(feeds.length).toBeGreaterThan(20);
		for (const format of FORMAT_NAMES) {
			for (const req of feeds) {
				const doc = buildFeed(req, ORIGIN);
				const whole = FORMATS[format].render(doc);
				// Twice: the second render reuses every item the first rendered.
				for (let i = 0; i < 2; i++) expect(renderReusingItems(doc, format), `${format} ${doc.feeds.rss}`).toBe(whole);
			}
		}
	});

	it("reuses the items of XML formats only, and no item across origins", () => {
		const at = (origin: string, format: FormatName) =>
			renderReusingItems(buildFeed(plainRequest(visible(), { type: "site" }), origin), format);
		for (const format of XML) {
			expect(at(ORIGIN, format)).toContain(`${ORIGIN}/articles/`);
			const other = at("https://other.example", format);
			expect(other).toContain("https://other.example/articles/");
			expect(other).not.toContain(ORIGIN);
		}
		expect(XML).toEqual(["rss", "atom"]);
	});

	it("finds items as markup, not as text: a title, summary or text that says </item> or <entry> changes nothing", () => {
		const base = buildFeed(plainRequest(visible(), { type: "site" }), ORIGIN);
		expect(base.items.length).toBeGreaterThanOrEqual(3);
		expect(base.items.filter((item) => item.image).length).toBeGreaterThan(0);
		for (const format of XML) {
			const tag = FORMATS[format].xml?.itemElement as string;
			const indent = new RegExp(`\\n([ \\t]*)<${tag}>\\n`).exec(FORMATS[format].render(base))?.[1] ?? "";
			const fakes = [
				`</${tag}>`,
				`\n${indent}</${tag}>\n`,
				`\n${indent}<${tag}>\n`,
				`\n${indent}</${tag}>\n${indent}<${tag}>\n`,
			];
			fakes.forEach((fake, f) => {
				for (const at of [0, 1, base.items.length - 1]) {
					const doc = {
						...base,
						items: base.items.map((item, i) => ({
							...item,
							rev: `${item.rev}-${format}-${f}-${at}`,
							...(i === at
								? { title: `${item.title} ${fake}`, summary: `${fake}${item.summary}`, html: `${item.html}${fake}` }
								: {}),
						})),
					};
					const whole = FORMATS[format].render(doc);
					const what = `${format}: ${JSON.stringify(fake)} in item ${at}`;
					// Each item's lead image is in its own element (Media RSS), as a parser reads it.
					const parsed = parseXml(whole);
					const elements = [format === "rss" ? parsed.rss.channel.item : parsed.feed.entry].flat();
					expect(
						elements.map((e) => e["media:content"]?.["@url"]),
						what,
					).toEqual(doc.items.map((item) => item.image?.url));
					// Unseen, then seen: both byte for byte the whole render.
					expect(renderReusingItems(doc, format), what).toBe(whole);
					expect(renderReusingItems(doc, format), `${what}, again`).toBe(whole);
				}
			});
		}
	});

	it("does not reuse an item whose article changed", () => {
		const doc = buildFeed(plainRequest(visible(), { type: "site" }), ORIGIN);
		renderReusingItems(doc, "rss");
		const [first, ...rest] = doc.items;
		if (!first) throw new Error("the fixture site feed has items");
		const changed = {
			...doc,
			items: [{ ...first, title: "A corrected title", rev: `${first.rev}-corrected` }, ...rest],
		};
		expect(renderReusingItems(changed, "rss")).toContain("A corrected title");
	});
});

describe("finding a tag as markup (indexOfMarkup)", () => {
	const xml = "<a><t><![CDATA[</i> and ]] and <i>]]></t><i>x</i><t><![CDATA[</i>]]></t></i></a>";

	it("skips what CDATA sections say, and finds the tag after them", () => {
		expect(indexOfMarkup(xml, "</i>")).toBe(xml.indexOf("x</i>") + 1);
		expect(indexOfMarkup(xml, "<i>")).toBe(xml.indexOf("<i>x"));
		expect(indexOfMarkup(xml, "</i>", xml.indexOf("x</i>") + 2)).toBe(xml.lastIndexOf("</i>"));
	});

	it("is -1 for a tag only CDATA says, or after a section that never ends", () => {
		expect(indexOfMarkup("<t><![CDATA[</i>]]></t>", "</i>")).toBe(-1);
		expect(indexOfMarkup("<t><![CDATA[ </i>", "</i>")).toBe(-1);
		expect(indexOfMarkup("<t></t>", "</i>")).toBe(-1);
	});
});
