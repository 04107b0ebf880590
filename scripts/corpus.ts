/**
 * A deterministic synthetic corpus, for benchmarks: articles of several paragraphs that name a
 * few people and films each, with Zipf-like popularity (a handful of people appear in thousands of
 * articles), and the people and films registries. Same seed, same bytes. The content compiler
 * builds it exactly like real content: REELFEED_CONTENT=DIR npm run build.
 *
 *   npm run corpus -- --articles 10000 [--seed 1] [--out bench/corpus/10000]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { slugify } from "../src/content/slug.ts";

const FIRST = [
	"Ada",
	"Bruno",
	"Carla",
	"Dmitri",
	"Elena",
	"Farid",
	"Greta",
	"Hiro",
	"Ines",
	"Jonas",
	"Kemi",
	"Luca",
	"Maya",
	"Nils",
	"Olga",
	"Pablo",
	"Quinn",
	"Rosa",
	"Sami",
	"Tessa",
	"Uma",
	"Viktor",
	"Wanda",
	"Xavi",
	"Yara",
	"Zane",
	"Amir",
	"Bea",
	"Cyril",
	"Dalia",
	"Emil",
	"Flora",
	"Gus",
	"Hana",
	"Igor",
	"Jana",
];
const LAST = [
	"Abbott",
	"Bianchi",
	"Castell",
	"Dumont",
	"Eriksen",
	"Ferreira",
	"Gallo",
	"Haddad",
	"Ivanova",
	"Jansen",
	"Kowalski",
	"Lindqvist",
	"Moreau",
	"Nakamura",
	"Okafor",
	"Petrov",
	"Quintero",
	"Rossi",
	"Schulz",
	"Tanaka",
	"Ueda",
	"Varga",
	"Weber",
	"Xu",
	"Yilmaz",
	"Zeller",
	"Arden",
	"Brandt",
	"Costa",
	"Dahl",
	"Ekström",
	"Fontaine",
	"Grieve",
	"Holm",
	"Iversen",
	"Jovanovic",
	"Keller",
	"Laine",
	"Mendez",
	"Novak",
];
const ADJ = [
	"Silent",
	"Crimson",
	"Broken",
	"Hidden",
	"Last",
	"Frozen",
	"Golden",
	"Endless",
	"Burning",
	"Quiet",
	"Lost",
	"Iron",
	"Hollow",
	"Wild",
	"Distant",
	"Electric",
	"Paper",
	"Midnight",
	"Glass",
	"Velvet",
];
const NOUN = [
	"Harbor",
	"Signal",
	"Orchard",
	"Frontier",
	"Empire",
	"Witness",
	"Tide",
	"Garden",
	"Circuit",
	"Horizon",
	"Lantern",
	"Canyon",
	"Mirror",
	"Station",
	"Meridian",
	"Archive",
	"Voyage",
	"Summit",
	"Citadel",
	"Compass",
];
const VERBS = [
	"has joined",
	"is in talks to lead",
	"will produce",
	"is writing",
	"opened up about",
	"praised",
	"is set to direct",
	"spoke about",
	"wrapped filming on",
	"was cast in",
];
const FILLER = [
	"The production is expected to begin shooting early next year, according to people familiar with the project.",
	"Details about the plot remain under wraps, though early reports describe a tense, character-driven story.",
	"The studio declined to comment on the budget, which is said to be among the largest of the season.",
	"Festival programmers have reportedly shown strong interest in an early cut.",
	"Critics who saw test screenings described the film as ambitious and uneven, but memorable.",
	"The announcement comes after months of speculation on social media.",
	"A release window has not been confirmed, and the schedule may still change.",
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Picks an index in [0, n) with probability ∝ 1 / (rank + 1)^s: a few very popular, a long tail. */
function zipf(random: () => number, n: number, s = 1.1) {
	const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
	const total = weights.reduce((a, b) => a + b, 0);
	const cumulative: number[] = [];
	let sum = 0;
	for (const w of weights) {
		sum += w / total;
		cumulative.push(sum);
	}
	return () => {
		const r = random();
		let lo = 0;
		let hi = n - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if ((cumulative[mid] as number) < r) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
}

const slug = slugify;
const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
const yamlString = (s: string) => JSON.stringify(s);

export function generateCorpus(articles: number, seed: number, out: string): void {
	const random = rng(seed);
	const peopleCount = Math.max(12, Math.min(FIRST.length * LAST.length, Math.round(articles / 8)));
	const filmCount = Math.max(6, Math.min(ADJ.length * NOUN.length, Math.round(articles / 25)));
	const people: string[] = [];
	for (let i = 0; people.length < peopleCount; i++) {
		people.push(`${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`);
	}
	const films: { title: string; year: number }[] = [];
	for (let i = 0; films.length < filmCount; i++) {
		films.push({
			title: `The ${ADJ[i % ADJ.length]} ${NOUN[Math.floor(i / ADJ.length) % NOUN.length]}`,
			year: 1990 + (i % 36),
		});
	}
	rmSync(out, { recursive: true, force: true });
	mkdirSync(join(out, "articles"), { recursive: true });
	writeFileSync(
		join(out, "site.yaml"),
		`title: reelfeed bench\ndescription: A synthetic corpus of ${articles} articles for benchmarks.\nlanguage: en\nid_authority: bench.reelfeed.example,2026\nauthor:\n  name: Bench Editors\n`,
	);
	writeFileSync(
		join(out, "people.yaml"),
		people.map((name) => `- slug: ${slug(name)}\n  name: ${name}\n  description: A synthetic person.\n`).join(""),
	);
	writeFileSync(
		join(out, "films.yaml"),
		films
			.map(
				(f) =>
					`- slug: ${slug(f.title)}\n  title: ${yamlString(f.title)}\n  year: ${f.year}\n  description: A synthetic film.\n`,
			)
			.join(""),
	);
	const person = zipf(random, people.length);
	const film = zipf(random, films.length);
	const start = Date.UTC(2026, 0, 1);
	for (let i = 0; i < articles; i++) {
		const cast = [...new Set(Array.from({ length: 2 + Math.floor(random() * 4) }, () => people[person()] as string))];
		const titles = [
			...new Set(
				Array.from({ length: 1 + Math.floor(random() * 2) }, () => (films[film()] as { title: string }).title),
			),
		];
		const lead = cast[0] as string;
		const title = `${lead} ${pick(random, VERBS)} ${titles[0]}`;
		const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, p) => {
			const who = cast[p % cast.length] as string;
			const what = titles[p % titles.length] as string;
			return `${who} ${pick(random, VERBS)} *${what}*. ${pick(random, FILLER)} ${pick(random, FILLER)} "It is the kind of story I wanted to tell," ${who} said.`;
		});
		// Spread over about eight years, newest first by index, several articles a day.
		const date = new Date(
			start - Math.floor((i * 8 * 365 * 86_400_000) / Math.max(articles, 1)) - Math.floor(random() * 3_600_000),
		);
		const name = `${String(i).padStart(6, "0")}-${slug(title).slice(0, 60).replace(/-$/, "")}.md`;
		writeFileSync(
			join(out, "articles", name),
			`---\ntitle: ${yamlString(title)}\ndate: ${date
				.toISOString()
				.replace(".000Z", "Z")
				.replace(/\.\d{3}Z$/, "Z")}\n---\n${paragraphs.join("\n\n")}\n`,
		);
	}
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			articles: { type: "string", default: "1000" },
			seed: { type: "string", default: "1" },
			out: { type: "string" },
		},
	});
	const n = Number(values.articles);
	if (!Number.isInteger(n) || n < 0) throw new Error("--articles takes a whole number");
	const out = resolve(values.out ?? join(import.meta.dirname, "..", "bench", "corpus", String(n)));
	generateCorpus(n, Number(values.seed), out);
	console.log(`wrote ${n} articles to ${out}`);
}
