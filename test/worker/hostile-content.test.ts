import { Validator } from "@cfworker/json-schema";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, inject, it } from "vitest";
import type { CompiledContent, Entity, EntityRef, TaggedEntity } from "../../src/content/types.ts";
import { buildFeed, type FeedDoc, FORMATS, plainRequest } from "../../src/feeds/index.ts";
import { itemFrom } from "../../src/feeds/model.ts";
import { articlePage } from "../../src/pages/article-page.tsx";
import { ORIGIN, parseXml, text, visible } from "./helpers.ts";

const content = inject("hostile");
const registry = new Map<string, Entity>(
	[...content.entities.person, ...content.entities.film].map((e) => [`${e.type}:${e.slug}`, e]),
);
/** An article's entities as its items carry them (see TaggedEntity), from the hostile build's registries. */
const tagged = (ref: EntityRef): TaggedEntity => {
	const { type, slug, name, kind, year } = registry.get(`${ref.type}:${ref.slug}`) as Entity;
	return { type, slug, name, kind, ...(year === undefined ? {} : { year }) };
};
const validator = new Validator(jsonFeedSchema as object, "7");

/** Every hostile article, in one feed, rendered by the real renderers. */
const doc: FeedDoc = {
	...buildFeed(plainRequest(visible(), { type: "site" }), ORIGIN),
	title: content.site.title,
	items: content.articles.map((a, position) => itemFrom(ORIGIN, { ...a, position, entities: a.entities.map(tagged) })),
};

// Characters XML 1.0 forbids anywhere in a document.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("hostile content, through the real compiler and the real feeds", () => {
	it("compiles every hostile fixture that is meant to be published", () => {
		expect(content.articles.map((a) => a.slug).sort()).toEqual(
			[
				"cdata-trap",
				"control-characters",
				"duplicate-title-one",
				"duplicate-title-two",
				"script-injection",
				"unbalanced-html",
				"unicode-titles",
				"yaml-escapes",
				`${Array(40).fill("slug").join("-")}0`,
			].sort(),
		);
	});

	for (const format of ["rss", "atom"] as const) {
		it(`gives a well-formed ${format} feed that a parser reads back item by item`, () => {
			const xml = FORMATS[format].render(doc);
			expect(xml).not.toMatch(FORBIDDEN);
			const parsed = parseXml(xml);
			const items = format === "rss" ? parsed.rss.channel.item : parsed.feed.entry;
			expect(items).toHaveLength(content.articles.length);
			const titles = items.map((i: any) => text(i.title));
			expect(titles).toContain(
				"Ending a CDATA section: ]]> and <![CDATA[ opening one".replace(/[<>&]/g, (c) =>
					format === "atom" ? ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" }[c] as string) : c,
				),
			);
			expect(text(format === "rss" ? parsed.rss.channel.title : parsed.feed.title)).toBe(
				"Hostile <fixtures> & friends ]]>",
			);
		});
	}

	it("gives a JSON Feed valid against the 1.1 schema, with titles intact", () => {
		const json = JSON.parse(FORMATS.json.render(doc));
		expect(validator.validate(json).errors).toEqual([]);
		const titles = json.items.map((i: any) => i.title);
		expect(titles).toContain(
			"🎬 Émigré films — e\u0301 combining, עברית and العربية right-to-left, \u202Ereversed\u202C",
		);
		expect(titles).toContain("Control characters and  in a title");
	});

	it("neutralizes scripts, event handlers, javascript: and data: links, frames and forms", () => {
		const html = content.articles.find((a) => a.slug === "script-injection")?.html ?? "";
		expect(html).not.toMatch(/<script|<iframe|<object|<form|<input|<svg|<style/i);
		expect(html).not.toMatch(/\son\w+=/i);
		expect(html).not.toMatch(/href="(?:javascript|data):/i);
		expect(html).toContain("<a>a javascript: link</a>");
		for (const format of ["rss", "atom", "json"] as const) {
			const out = FORMATS[format].render(doc);
			expect(out, format).not.toMatch(/<script>alert\("body"\)|onerror=|href="javascript:/i);
		}
	});

	it("balances unbalanced HTML", () => {
		const html = content.articles.find((a) => a.slug === "unbalanced-html")?.html ?? "";
		const opened = (html.match(/<(p|b|i|ul|li|table|tr|td)\b/g) ?? []).length;
		const closed = (html.match(/<\/(p|b|i|ul|li|table|tr|td)>/g) ?? []).length;
		expect(closed).toBe(opened);
	});

	it("removes control characters and U+FFFE/U+FFFF from titles and text", () => {
		const article = content.articles.find((a) => a.slug === "control-characters");
		expect(`${article?.title}${article?.html}${article?.summary}`).not.toMatch(FORBIDDEN);
	});

	it("tags a person named in Arabic script through an alias, and keeps duplicate titles apart", () => {
		expect(content.articles.find((a) => a.slug === "unicode-titles")?.entities).toEqual([
			{ type: "person", slug: "dalia-nasser" },
		]);
		const ids = content.articles.filter((a) => a.title === "The same title").map((a) => a.id);
		expect(new Set(ids).size).toBe(2);
	});

	it("shows a title with markup as text on its page", () => {
		const position = content.articles.findIndex((a) => a.slug === "script-injection");
		const article = content.articles[position] as CompiledContent["articles"][number];
		const html = String(articlePage(ORIGIN, { ...article, position, entities: [] }));
		expect(html).toContain("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Injection attempts");
		expect(html).not.toContain("<script>alert");
	});
});
