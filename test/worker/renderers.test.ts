import { Validator } from "@cfworker/json-schema";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import { contentUpdated, type Entity } from "../../src/content/index.ts";
import { buildFeed, type FeedDoc, FORMATS, plainRequest } from "../../src/feeds/index.ts";
import { ORIGIN, parseXml, text } from "./helpers.ts";

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
	const doc = buildFeed(plainRequest({ type: "person", slug: newcomer.slug }, newcomer), ORIGIN);

	it("gets a valid empty feed in every format, dated by the newest change in the content", () => {
		expect(doc.items).toEqual([]);
		expect(doc.updated).toBe(contentUpdated);
		const rss = parseXml(FORMATS.rss.render(doc)).rss.channel;
		expect(rss.item).toBeUndefined();
		expect(text(rss.title)).toBe("New Person — reelfeed");
		const atom = parseXml(FORMATS.atom.render(doc)).feed;
		expect(atom.entry).toBeUndefined();
		expect(text(atom.updated)).toBe(contentUpdated);
		const json = JSON.parse(FORMATS.json.render(doc));
		expect(json.items).toEqual([]);
		expect(validator.validate(json).valid).toBe(true);
	});
});

describe("text that is awkward in XML", () => {
	const site = buildFeed(plainRequest({ type: "site" }), ORIGIN);
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

describe("an article with a known author", () => {
	const site = buildFeed(plainRequest({ type: "site" }), ORIGIN);
	const author = { name: "Jane Doe", url: "https://jane.example/" };
	const doc: FeedDoc = {
		...site,
		items: site.items.slice(0, 1).map((item) => ({ ...item, rev: "with-author", author })),
	};

	it("credits them as dc:creator in RSS, an entry author in Atom, and item authors in JSON Feed", () => {
		const rss = parseXml(FORMATS.rss.render(doc)).rss;
		expect(rss["@xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
		expect(text(rss.channel.item[0]["dc:creator"])).toBe("Jane Doe");
		const entry = parseXml(FORMATS.atom.render(doc)).feed.entry[0];
		expect(text(entry.author.name)).toBe("Jane Doe");
		expect(text(entry.author.uri)).toBe("https://jane.example/");
		expect(JSON.parse(FORMATS.json.render(doc)).items[0].authors).toEqual([author]);
	});

	it("leaves the credit out where no author is known", () => {
		expect(parseXml(FORMATS.rss.render(site)).rss.channel.item[0]["dc:creator"]).toBeUndefined();
		expect(JSON.parse(FORMATS.json.render(site)).items[0].authors).toBeUndefined();
	});
});
