import { Validator } from "@cfworker/json-schema";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import type { Entity } from "../../src/content/index.ts";
import { buildFeed, type FeedDoc, FORMATS, plainRequest } from "../../src/feeds/index.ts";
import { ORIGIN, parseXml, text, visible } from "./helpers.ts";

const validator = new Validator(jsonFeedSchema as object, "7");

/** A person in the registry with no articles yet, as an editor might add before writing about them. */
const newcomer: Entity = {
	type: "person",
	slug: "new-person",
	name: "New Person",
	aliases: [],
	description: "Not written about yet.",
	kind: "person",
	articles: [],
	changed: "2026-01-01T00:00:00.000Z",
	rev: "new",
};

describe("a person with no articles", () => {
	const doc = buildFeed(plainRequest(visible(), { type: "person", slug: newcomer.slug }, newcomer), ORIGIN);

	it("gets a valid empty feed in every format, dated by the newest change in the content", () => {
		expect(doc.items).toEqual([]);
		expect(doc.updated).toBe(visible().updated);
		const rss = parseXml(FORMATS.rss.render(doc)).rss.channel;
		expect(rss.item).toBeUndefined();
		expect(text(rss.title)).toBe("New Person — reelfeed");
		const atom = parseXml(FORMATS.atom.render(doc)).feed;
		expect(atom.entry).toBeUndefined();
		expect(text(atom.updated)).toBe(visible().updated);
		const json = JSON.parse(FORMATS.json.render(doc));
		expect(json.items).toEqual([]);
		expect(validator.validate(json).valid).toBe(true);
	});
});

describe("text that is awkward in XML", () => {
	const site = buildFeed(plainRequest(visible(), { type: "site" }), ORIGIN);
	const title = `Tom & Jerry <b>not bold</b> "quoted" ]]> 'end'`;
	const doc: FeedDoc = {
		...site,
		title: `Feed ${title}`,
		items: site.items.slice(0, 1).map((item) => ({
			...item,
			title,
			summary: `Summary ${title}`,
			html: `<p>${"]]>"} &amp; more</p>`,
		})),
	};

	it("survives every format and reads back as the same text", () => {
		const rss = parseXml(FORMATS.rss.render(doc)).rss.channel;
		expect(text(rss.title)).toBe(`Feed ${title}`);
		expect(text(rss.item[0].title)).toBe(title);
		expect(text(rss.item[0]["content:encoded"])).toBe("<p>]]> &amp; more</p>");
		const atom = parseXml(FORMATS.atom.render(doc)).feed;
		expect(text(atom.title)).toBe(`Feed ${title}`);
		// type="html": the element holds escaped HTML, which a reader decodes back to the title.
		expect(text(atom.entry[0].title)).toBe(`Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; "quoted" ]]&gt; 'end'`);
		const json = JSON.parse(FORMATS.json.render(doc));
		expect(json.items[0].title).toBe(title);
	});
});

describe("an article's authors", () => {
	const site = buildFeed(plainRequest(visible(), { type: "site" }), ORIGIN);
	const two = [
		{ name: "Jane Doe", url: "https://jane.example/" },
		{ name: "Kim Roe", email: "kim@example.org" },
	];
	const doc: FeedDoc = { ...site, items: site.items.slice(0, 1).map((item) => ({ ...item, authors: two })) };
	const none: FeedDoc = { ...site, items: site.items.slice(0, 1).map((item) => ({ ...item, authors: [] })) };

	it("are credited: one dc:creator each in RSS, entry authors in Atom, item authors in JSON Feed", () => {
		const rss = parseXml(FORMATS.rss.render(doc)).rss;
		expect(rss["@xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
		const creators = rss.channel.item[0]["dc:creator"];
		expect((Array.isArray(creators) ? creators : [creators]).map(text)).toEqual(["Jane Doe", "Kim Roe"]);
		const entry = parseXml(FORMATS.atom.render(doc)).feed.entry[0];
		const authors = Array.isArray(entry.author) ? entry.author : [entry.author];
		expect(authors.map((a: any) => [text(a.name), text(a.uri), text(a.email)])).toEqual([
			["Jane Doe", "https://jane.example/", ""],
			["Kim Roe", "", "kim@example.org"],
		]);
		expect(JSON.parse(FORMATS.json.render(doc)).items[0].authors).toEqual([
			{ name: "Jane Doe", url: "https://jane.example/" },
			{ name: "Kim Roe" },
		]);
	});

	it("fall back to the site's author where an article names none", () => {
		expect(text(parseXml(FORMATS.rss.render(none)).rss.channel.item[0]["dc:creator"])).toBe(site.author.name);
		// Atom and JSON Feed items inherit the feed's author.
		expect(parseXml(FORMATS.atom.render(none)).feed.entry[0].author).toBeUndefined();
		expect(text(parseXml(FORMATS.atom.render(none)).feed.author.name)).toBe(site.author.name);
		const json = JSON.parse(FORMATS.json.render(none));
		expect(json.items[0].authors).toBeUndefined();
		expect(json.authors).toEqual([{ name: site.author.name, ...(site.author.url ? { url: site.author.url } : {}) }]);
	});
});
