/**
 * "Did you mean": the slugs closest to one that was not found, by whole words ("russo" →
 * joe-russo, anthony-russo), by prefix, and by edit distance ("joe-rusoo" → joe-russo), over
 * each entity's slug and the slugs of its name and aliases.
 */
import { slugify } from "./slug.ts";

export type Suggestible = { slug: string; name: string; aliases: readonly string[] };

/** Optimal string alignment distance: edits, counting a swap of neighbours as one. */
function editDistance(a: string, b: string): number {
	let before: number[] = [];
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
			current.push(d);
		}
		before = previous;
		previous = current;
	}
	return previous[b.length] ?? 0;
}

/** A key to compare with, and its words. */
type Key = { key: string; words: readonly string[] };

/**
 * Each entity's keys (its slug, and the slugs of its name and aliases), made once per entity and
 * kept: a registry of thousands is compared with on every "did you mean", and slugifying every
 * name each time cost a 404 page at 10,000 articles 4 ms of CPU.
 */
const KEYS = new WeakMap<Suggestible, readonly Key[]>();

function keysOf(e: Suggestible): readonly Key[] {
	let keys = KEYS.get(e);
	if (!keys) {
		keys = [...new Set([e.slug, slugify(e.name), ...e.aliases.map(slugify)])].map((key) => ({
			key,
			words: key.split("-"),
		}));
		KEYS.set(e, keys);
	}
	return keys;
}

function score(input: string, inputWords: readonly string[], { key, words }: Key): number {
	if (key === input) return 0;
	if (inputWords.every((w) => words.includes(w))) return 1;
	if (key.startsWith(input) || input.startsWith(key)) return 2;
	const allowed = Math.max(1, Math.floor(key.length / 4));
	// The distance is at least the difference in length: past the allowance, there is nothing to
	// compute, so a long input (from a URL) costs no more than a short one.
	if (Math.abs(input.length - key.length) > allowed) return Number.POSITIVE_INFINITY;
	const distance = editDistance(input, key);
	return distance <= allowed ? 2 + distance : Number.POSITIVE_INFINITY;
}

/** Longer than any slug anyone types: no suggestion is looked for (URLs bring 2 KB ones). */
const LONGEST = 200;

export function suggestSlugs(input: string, entities: Iterable<Suggestible>, max = 5): string[] {
	if (input.length > LONGEST) return [];
	const wanted = slugify(input);
	if (!wanted) return [];
	const words = wanted.split("-");
	const scored: [number, string][] = [];
	for (const e of entities) {
		let best = Number.POSITIVE_INFINITY;
		for (const key of keysOf(e)) best = Math.min(best, score(wanted, words, key));
		if (Number.isFinite(best)) scored.push([best, e.slug]);
	}
	return scored
		.sort(([a, x], [b, y]) => a - b || x.localeCompare(y))
		.slice(0, max)
		.map(([, slug]) => slug);
}
