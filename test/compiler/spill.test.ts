import { describe, expect, it } from "vitest";
import { readContent } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { createSpill, SpilledArticle } from "../../scripts/compiler/spill.ts";
import { bodyJsonOf, toModule } from "../../src/content/pack.ts";
import type { CompiledArticle } from "../../src/content/types.ts";
import { BUILD_NOW, FIXTURE_CONTENT } from "../paths.ts";

describe("the build's spill of article text", () => {
	it("gives back every text as it was put, in any order, whatever its characters and size", () => {
		const spill = createSpill();
		try {
			const texts = ["", "plain", "é ‘quotes’ 名前 😀", "x".repeat(3_000_000), "<p>a\u0000b</p>"];
			const ids = texts.map((t) => spill.put(t));
			for (const i of [4, 0, 3, 2, 1]) expect(spill.get(ids[i] as number)).toBe(texts[i]);
			expect(spill.bytes).toBe(texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0));
			expect(() => spill.get(ids.length)).toThrow(/no text/);
		} finally {
			spill.close();
		}
	});

	it("says where it could not write, and what to do, when it cannot (a full disk, a closed file)", () => {
		const spill = createSpill();
		spill.close();
		expect(() => spill.put("text")).toThrow(/could not write its spill of article bodies in .*set TMPDIR/);
	});

	it("keeps of a spilled article its index fields (its title one) and tags; JSON and its body read back as they were", () => {
		const spill = createSpill();
		try {
			const article: CompiledArticle = {
				slug: "a",
				title: "A ‘title’",
				summary: "Text",
				date: "2020-01-01T00:00:00.000Z",
				updated: "2020-01-02T00:00:00.000Z",
				source: "https://example.com/",
				html: "<p>Text</p>",
				hasRelativeUrls: false,
				entities: [{ type: "person", slug: "joe-russo" }],
				id: "tag:x,2026:articles/2020-01-01/a",
				rev: "r",
			};
			const refs = new Map();
			const spilled = new SpilledArticle(article, spill, refs);
			expect(JSON.stringify(spilled)).toBe(JSON.stringify(article));
			const { slug: _, title: _t, date: __, updated: ___, rev: ____, entities: _____, ...body } = article;
			expect(bodyJsonOf(spilled)).toBe(JSON.stringify(body));
			expect(bodyJsonOf(article)).toBe(JSON.stringify(body));
			expect([spilled.title, spilled.html, spilled.source, spilled.image]).toEqual([
				article.title,
				article.html,
				article.source,
				undefined,
			]);
			// Held in memory: the index fields and the tags alone, each entity's ref one object for all.
			expect(Object.keys(spilled)).toEqual(["slug", "title", "date", "updated", "rev", "entities"]);
			const again = new SpilledArticle({ ...article, slug: "b" }, spill, refs);
			expect(again.entities[0]).toBe(spilled.entities[0]);
		} finally {
			spill.close();
		}
	});

	it("compiles the same content, and packs the same bytes, with the articles' text spilled as without", async () => {
		const sources = await readContent(FIXTURE_CONTENT);
		const now = Date.parse(BUILD_NOW);
		const spill = createSpill();
		try {
			const held = compileContent(sources, { now, codeRev: "test" });
			const spilled = compileContent(sources, { now, codeRev: "test", spill });
			expect(spill.bytes).toBeGreaterThan(0);
			expect(JSON.stringify(spilled)).toBe(JSON.stringify(held));
			const a = toModule(held);
			const b = toModule(spilled);
			expect(Buffer.from(b.head).equals(Buffer.from(a.head))).toBe(true);
			expect([...b.files.keys()]).toEqual([...a.files.keys()]);
		} finally {
			spill.close();
		}
	});
});
