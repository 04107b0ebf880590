/**
 * Tagging against registries of growing size: the same 2 MB of text tagged with 100, 16,500 and
 * 120,000 names (a realistic registry at 100,000 and at 1,000,000 articles), by the trie tagger
 * the build uses. Linear in the text, whatever the registry size: the time per MB should not move.
 *
 *   node scripts/bench/tagging.ts
 */
import { createTagger, type Taggable } from "../compiler/tagging.ts";

let seed = 20261202;
const random = () => {
	seed = (seed * 1103515245 + 12345) % 2 ** 31;
	return seed / 2 ** 31;
};
const syllables = ["ka", "ro", "mi", "sa", "len", "dor", "vi", "ta", "bel", "no", "ri", "gan", "el", "us", "ma"];
const word = () => {
	const w = Array.from(
		{ length: 2 + Math.floor(random() * 2) },
		() => syllables[Math.floor(random() * syllables.length)],
	).join("");
	return w.charAt(0).toUpperCase() + w.slice(1);
};
const names = (n: number) => Array.from({ length: n }, () => `${word()} ${word()}`);
const pool = names(120_000);
const text = Array.from({ length: 40 }, () =>
	Array.from({ length: 8_000 }, () =>
		random() < 0.02 ? (pool[Math.floor(random() * 100)] as string) : word().toLowerCase(),
	).join(" "),
);
const megabytes = text.reduce((n, t) => n + t.length, 0) / 1e6;

for (const size of [100, 16_500, 120_000]) {
	const entities: Taggable[] = pool
		.slice(0, size)
		.map((name, i) => ({ ref: { type: "person", slug: `p${i}` }, phrases: [name] }));
	const built = performance.now();
	const tag = createTagger(entities);
	const start = performance.now();
	let found = 0;
	for (const t of text) found += tag(t).size;
	const ms = performance.now() - start;
	console.log(
		`${size.toLocaleString("en")} names: built in ${(start - built).toFixed(0)} ms; ${megabytes.toFixed(1)} MB of text in ${ms.toFixed(0)} ms (${(ms / megabytes).toFixed(0)} ms/MB), ${found} tags`,
	);
}
