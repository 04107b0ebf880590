import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTagger, refKey, type Taggable } from "../../scripts/compiler/tagging.ts";

/**
 * The tagger the trie replaced: one regular expression of every name, longest first. It is right
 * by construction and slow at scale (it tries every name at every position); the trie must find
 * exactly what it finds, whatever the names and the text.
 */
function regexTagger(entities: Taggable[]): (text: string) => Set<string> {
	const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	const byPhrase = new Map<string, Taggable["ref"]>();
	for (const { ref, phrases } of entities) for (const phrase of phrases) byPhrase.set(phrase, ref);
	if (byPhrase.size === 0) return () => new Set();
	const alternatives = [...byPhrase.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegExp);
	const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "gu");
	return (text) => {
		const found = new Set<string>();
		for (const match of text.normalize("NFC").matchAll(pattern)) {
			const ref = byPhrase.get(match[0]);
			if (ref) found.add(refKey(ref));
		}
		return found;
	};
}

const entity = (slug: string, ...phrases: string[]): Taggable => ({ ref: { type: "person", slug }, phrases });

describe("the tagger", () => {
	it("finds whole names, longest first, across punctuation, accents and astral letters", () => {
		const tag = createTagger([
			entity("extraction", "Extraction"),
			entity("extraction-2", "Extraction 2"),
			entity("cap", "Captain America: The Winter Soldier"),
			entity("zoe", "Zoë Kravitz"),
			entity("math", "𝔐ath"),
			entity("days", "(500) Days of Summer"),
		]);
		expect([...tag("Extraction 2 and Extraction; Captain America: The Winter Soldier.")].sort()).toEqual([
			"person:cap",
			"person:extraction",
			"person:extraction-2",
		]);
		expect([...tag("Extraction2 Extractions preExtraction")]).toEqual([]);
		expect([...tag("Zoë Kravitz and 𝔐ath, not x𝔐ath")].sort()).toEqual(["person:math", "person:zoe"]);
		expect([...tag("In (500) Days of Summer; not a(500) Days of Summer")]).toEqual(["person:days"]);
		// Text decomposed (e + combining diaeresis) is normalized first.
		expect([...tag("Zoe\u0308 Kravitz")]).toEqual(["person:zoe"]);
	});

	it("finds exactly what a regular expression of every name finds (property)", () => {
		const alphabet = fc.constantFrom("Jo", "e", "Russo", "Ex", "2", " ", ":", "-", "'", "é", "𝕏", "_", ".", "(", ")");
		const phrase = fc
			.array(alphabet, { minLength: 1, maxLength: 5 })
			.map((parts) => parts.join("").trim())
			.filter((p) => p.length > 0);
		const registry = fc.uniqueArray(phrase, { minLength: 1, maxLength: 12 });
		fc.assert(
			fc.property(registry, fc.array(fc.oneof(alphabet, phrase), { maxLength: 40 }), (names, parts) => {
				const entities = names.map((name, i) => entity(`e${i}`, name));
				const text = parts.join("");
				expect([...createTagger(entities)(text)].sort()).toEqual([...regexTagger(entities)(text)].sort());
			}),
			{ numRuns: 2000, seed: 20261202 },
		);
	});
});
