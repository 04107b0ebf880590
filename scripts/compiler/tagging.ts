import type { EntityRef } from "../../src/content/types.ts";

export type Taggable = { ref: EntityRef; phrases: string[] };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Finds the registry entities a text mentions by name or alias: case-sensitive (names are proper
 * nouns), whole words only, and longest phrase first at each position, so "Extraction 2" is one
 * mention of extraction-2 and not also one of extraction.
 */
export function createTagger(entities: Taggable[]): (text: string) => Set<string> {
	const byPhrase = new Map<string, EntityRef>();
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

export const refKey = (ref: EntityRef) => `${ref.type}:${ref.slug}`;
