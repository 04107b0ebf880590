import { describe, expect, it } from "vitest";
import { createEditions, type EditionSource } from "../../src/content/edition.ts";
import type { ArticleIndex, Entity } from "../../src/content/types.ts";

/** A registry of entities whose article lists and entries count how often they are read (each read parses one). */
function source(embargoes: string[], entities: number): { source: EditionSource; reads: () => number } {
	let reads = 0;
	let entries = 0;
	const registry = Array.from({ length: entities }, (_, i) => {
		const e = { type: "person", slug: `p${i}` } as Entity;
		Object.defineProperty(e, "articles", {
			get: () => {
				reads++;
				return [i % 3];
			},
		});
		return e;
	});
	const articles = Array.from({ length: 3 }, (_, i) => ({
		position: i,
		slug: `a${i}`,
		date: "",
		updated: "",
		rev: "",
	}));
	return {
		reads: () => reads + entries,
		source: {
			embargoes,
			articles: { length: 3, at: (i) => articles[i] as ArticleIndex, need: () => {}, near: () => [0, 3] },
			load: () => {
				throw new Error("not loaded");
			},
			positionOf: () => undefined,
			registry: {
				person: { start: 0, count: entities, withFeeds: entities, popular: [] },
				film: { start: entities, count: 0, withFeeds: 0, popular: [] },
				series: { start: entities, count: 0, withFeeds: 0, popular: [] },
				author: { start: entities, count: 0, withFeeds: 0, popular: [] },
			},
			// Those whose every article is embargoed: as their lists say (article i % 3), by the build.
			embargoOnly: registry.flatMap((_, i): [number, number][] => (i % 3 < embargoes.length ? [[i, i % 3]] : [])),
			entityAt: (k) => {
				entries++;
				return registry[k] as Entity;
			},
			needEntities: () => {},
			findEntity: () => undefined,
			keysNear: () => [],
			suggest: () => [],
			updateBefore: () => undefined,
			// As its list says, without reading it (which counts).
			oldestOf: (e) => Number(e.slug.slice(1)) % 3,
			countOf: () => 1,
			newestOf: () => "",
			kOf: (e) => Number(e.slug.slice(1)),
			recentOf: (e) => [Number(e.slug.slice(1)) % 3],
			embargoNames: embargoes.map(() => []),
			fingerprint: "f",
			updated: "",
		},
	};
}

describe("an edition", () => {
	it("reads no entity's entry or article list to be made, with no embargo or none lifted yet", () => {
		for (const embargoes of [[], ["2100-01-01T00:00:00.000Z"]]) {
			const { source: s, reads } = source(embargoes, 2_000);
			const edition = createEditions(s)(Date.parse("2026-12-01T00:00:00Z"));
			expect(edition.fingerprint).toBe("f");
			expect(reads()).toBe(0);
		}
	});
});
