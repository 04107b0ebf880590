import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readContent, readContentFolder } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { generateCorpus } from "../../scripts/corpus.ts";
import { ENTITY_TYPE_NAMES } from "../../src/content/entity-types.ts";
import { BLOCK_SIZE, CHUNK_SIZE, toModule } from "../../src/content/pack.ts";
import { openRecords } from "../../src/content/records.ts";
import type { Entity } from "../../src/content/types.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

// A generated corpus of several index blocks and many body chunks, the last of each partial,
// through the real compiler and the module writer, read back by the Worker's reader.
const N = 2 * BLOCK_SIZE + 37;
const dir = mkdtempSync(join(tmpdir(), "reelfeed-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
generateCorpus(N, 5, dir);
const generated = compileContent(readContentFolder(dir));
// The generator never updates an article; some here are, a day after publication, so that the
// `updated` column (kept only where it differs from `date`) is read back too.
const compiled = {
	...generated,
	articles: generated.articles.map((a, i) =>
		i % 7 === 3 ? { ...a, updated: new Date(Date.parse(a.date) + 86_400_000).toISOString() } : a,
	),
};
const { module, records } = toModule(compiled);
const headBytes = Number(/headBytes = (\d+)/.exec(module)?.[1]);

describe("the compiled records, read back", () => {
	it("spans several index blocks and body chunks", () => {
		expect(compiled.articles).toHaveLength(N);
		const { head } = openRecords(records, headBytes);
		expect(head.blocks).toHaveLength(Math.ceil(N / BLOCK_SIZE) + 1);
		expect(head.chunks).toHaveLength(Math.ceil(N / CHUNK_SIZE) + 1);
		// Then the slug index's buckets, which end the records.
		expect(head.slugBuckets[0]).toBe(head.chunks.at(-1));
		expect(head.slugBuckets.at(-1)).toBe(records.byteLength - headBytes);
	});

	it("keeps no per-article data in the head that startup parses", () => {
		const { head } = openRecords(records, headBytes);
		const text = JSON.stringify(head);
		for (const a of compiled.articles) expect(text.includes(`"${a.slug}"`)).toBe(false);
		expect(head.articleCount).toBe(N);
		expect(head.updated).toBe(
			compiled.articles
				.map((a) => a.updated)
				.sort()
				.at(-1),
		);
		for (const entity of [...head.entities.person, ...head.entities.film])
			expect(entity).not.toHaveProperty("articles");
	});

	it("gives every entity its fields and its article list, parsed when first read", () => {
		const { person: people, film: films } = openRecords(records, headBytes).entities;
		const expected = [...compiled.entities.person, ...compiled.entities.film];
		[...people, ...films].forEach((entity, k) => {
			const { articles, ...fields } = expected[k] as Entity;
			expect({ ...entity }).toEqual(fields);
			expect(entity.articles).toEqual(articles);
			expect(entity.articles).toBe(entity.articles);
		});
		expect(people).toHaveLength(compiled.entities.person.length);
		expect(films).toHaveLength(compiled.entities.film.length);
	});

	it("gives back every field of every registry's entries: images, addresses and pages too", async () => {
		// The fixtures have what the generated corpus has not: images, authors with pages, series.
		const fixtures = compileContent(await readContent(FIXTURE_CONTENT));
		const packed = toModule(fixtures);
		const read = openRecords(packed.records, Number(/headBytes = (\d+)/.exec(packed.module)?.[1])).entities;
		for (const type of ENTITY_TYPE_NAMES)
			expect(read[type].map((e) => ({ ...e, articles: e.articles }))).toEqual(fixtures.entities[type]);
		expect(fixtures.entities.person.some((e) => e.image)).toBe(true);
		expect(fixtures.entities.author.some((e) => e.url)).toBe(true);
	});

	it("gives every article back at its position, index and body, from a fresh reader each way", () => {
		const byPosition = openRecords(records, headBytes);
		expect(byPosition.articles.length).toBe(N);
		// Backwards, so that blocks and chunks are first read from their last article.
		for (let position = N - 1; position >= 0; position--) {
			const { slug, date, updated, rev, ...body } = compiled.articles[position] as (typeof compiled.articles)[number];
			const entry = byPosition.articles.at(position);
			expect(entry).toEqual({ position, slug, date, updated, rev });
			expect(byPosition.load(entry as NonNullable<typeof entry>)).toEqual({
				position,
				slug,
				date,
				updated,
				rev,
				...body,
			});
		}
		const bySlug = openRecords(records, headBytes);
		compiled.articles.forEach((a, position) => {
			expect(bySlug.positionOf(a.slug)).toBe(position);
		});
		expect(bySlug.positionOf("no-such-article")).toBeUndefined();
	});

	it("finds every article by its slug, parsing one bucket of the slug index, not the index", () => {
		// Small buckets, so that the slugs spread over many.
		const small = toModule(compiled, [], 16);
		const at = Number(/headBytes = (\d+)/.exec(small.module)?.[1]);
		compiled.articles.forEach((a, position) => {
			const reader = openRecords(small.records, at);
			expect(reader.head.slugBuckets.length - 1).toBe(Math.ceil(N / 16));
			const before = reader.stats.sections;
			expect(reader.positionOf(a.slug)).toBe(position);
			expect(reader.stats.sections - before).toBe(1);
		});
		const reader = openRecords(small.records, at);
		expect(reader.positionOf("no-such-article")).toBeUndefined();
		expect(reader.positionOf("constructor")).toBeUndefined();
	});

	it("answers undefined outside the articles", () => {
		const { articles } = openRecords(records, headBytes);
		for (const position of [-1, N, N + BLOCK_SIZE, 0.5, Number.NaN]) expect(articles.at(position)).toBeUndefined();
	});
});
