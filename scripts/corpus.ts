/**
 * A deterministic synthetic archive, for benchmarks, that behaves like a real one: prose that
 * compresses like real articles (about 3:1 for sixteen of them together, as the build packs them),
 * registries of realistic size (a person per 10 articles and a film or series per 50, at most
 * 100,000 and 20,000) with the collisions an editor meets (sequels whose titles extend others',
 * people whose names share words, aliases), Zipf-like popularity (a handful of people in thousands
 * of articles, a long tail in one), dates over 25 years, bylines from an authors registry, remote
 * lead images and portraits, updated and corrected articles, and a few embargoed ones. Same seed,
 * same bytes. The content compiler builds it exactly like real content:
 * REELFEED_CONTENT=DIR npm run build.
 *
 *   npm run corpus -- --articles 10000 [--seed 1] [--out bench/corpus/10000]
 */
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { slugify } from "../src/content/slug.ts";

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
	const cumulative = new Float64Array(n);
	let sum = 0;
	for (let i = 0; i < n; i++) {
		sum += 1 / (i + 1) ** s;
		cumulative[i] = sum;
	}
	return () => {
		const r = random() * sum;
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

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
const yamlString = (s: string) => JSON.stringify(s);
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

const ONSETS = [
	"b",
	"c",
	"d",
	"f",
	"g",
	"h",
	"j",
	"k",
	"l",
	"m",
	"n",
	"p",
	"r",
	"s",
	"t",
	"v",
	"w",
	"z",
	"br",
	"ch",
	"cl",
	"dr",
	"fl",
	"gr",
	"pl",
	"pr",
	"sh",
	"st",
	"th",
	"tr",
];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ie"];
const CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "rk", "st", "ng", "x"];

/** `count` distinct pronounceable words of one to three syllables. */
function words(random: () => number, count: number): string[] {
	const out = new Set<string>();
	while (out.size < count) {
		const syllables = 1 + Math.floor(random() * random() * 3.5);
		let w = "";
		for (let s = 0; s < syllables; s++)
			w += pick(random, ONSETS) + pick(random, VOWELS) + (s === syllables - 1 ? pick(random, CODAS) : "");
		if (w.length > 2) out.add(w);
	}
	return [...out];
}

/** English's most frequent words, which real prose is mostly made of (and which compress). */
const FUNCTION_WORDS =
	"the of and to a in is that for it with as was on be at by this had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".split(
		" ",
	);
const FILM_WORDS =
	"film studio director producer script shooting premiere festival release streaming box office sequel franchise cast role screenplay trailer production distributor audience critics season episode series showrunner network theatrical".split(
		" ",
	);

/** Sentences drawn from a Zipf-weighted vocabulary, with the article's names in them. */
function proseMaker(random: () => number, vocabulary: string[]) {
	const word = zipf(random, vocabulary.length, 1.2);
	return (names: readonly string[], sentences: number): string[] => {
		const out: string[] = [];
		for (let s = 0; s < sentences; s++) {
			const length = 8 + Math.floor(random() * 18);
			const parts: string[] = [];
			for (let i = 0; i < length; i++) {
				const r = random();
				if (names.length && r < 0.035) parts.push(pick(random, names));
				else if (r < 0.06) parts.push(pick(random, FILM_WORDS));
				else parts.push(vocabulary[word()] as string);
				if (i > 2 && i < length - 2 && random() < 0.06) parts[parts.length - 1] += ",";
			}
			const text = parts.join(" ");
			out.push(`${capital(text)}${random() < 0.08 ? "?" : "."}`);
		}
		return out;
	};
}

type Person = { slug: string; name: string; aliases: string[]; image?: boolean };
type Work = { slug: string; title: string; year: number; series: boolean; aliases: string[] };

/** Registry sizes for an archive of `articles`: a person per 10, a film or series per 50, capped. */
export const registrySizes = (articles: number) => ({
	people: Math.max(12, Math.min(100_000, Math.round(articles / 10))),
	works: Math.max(6, Math.min(20_000, Math.round(articles / 50))),
	authors: Math.max(3, Math.min(500, Math.round(articles / 2_000))),
});

function makePeople(random: () => number, count: number, firsts: string[], lasts: string[]): Person[] {
	const first = zipf(random, firsts.length, 0.9);
	const last = zipf(random, lasts.length, 0.7);
	const people: Person[] = [];
	const names = new Set<string>();
	const slugs = new Set<string>();
	while (people.length < count) {
		let name = `${capital(firsts[first()] as string)} ${capital(lasts[last()] as string)}`;
		// Two people of one name: the editor tells them apart by a middle initial, as the trades do.
		if (names.has(name)) {
			const [f, l] = name.split(" ") as [string, string];
			name = `${f} ${String.fromCharCode(65 + Math.floor(random() * 26))}. ${l}`;
			if (names.has(name)) continue;
		}
		const slug = slugify(name);
		if (slugs.has(slug)) continue;
		names.add(name);
		slugs.add(slug);
		const aliases: string[] = [];
		// Some are known by a short form too ("Bea Castell" for "Beatrix Castell").
		if (random() < 0.08) {
			const [f, ...rest] = name.split(" ") as [string, ...string[]];
			const short = `${f.slice(0, Math.max(2, Math.ceil(f.length / 2)))} ${rest.at(-1)}`;
			if (!names.has(short) && short !== name) {
				aliases.push(short);
				names.add(short);
			}
		}
		people.push({ slug, name, aliases, ...(random() < 0.15 ? { image: true } : {}) });
	}
	return people;
}

function makeWorks(random: () => number, count: number, vocabulary: string[]): Work[] {
	const works: Work[] = [];
	const titles = new Set<string>();
	const slugs = new Set<string>();
	while (works.length < count) {
		const previous = works.length > 10 && random() < 0.08 ? pick(random, works) : undefined;
		// A sequel's title extends its original's ("Harbor Lights" and "Harbor Lights 2"): the tagger
		// must take the longest.
		const title = previous
			? `${previous.title.replace(/ \d+$/, "")} ${2 + Math.floor(random() * 3)}`
			: random() < 0.5
				? `The ${capital(pick(random, vocabulary))} ${capital(pick(random, vocabulary))}`
				: `${capital(pick(random, vocabulary))} of ${capital(pick(random, vocabulary))}`;
		if (titles.has(title)) continue;
		const year = 2001 + Math.floor(random() * 26);
		const slug = slugify(title);
		if (slugs.has(slug)) continue;
		titles.add(title);
		slugs.add(slug);
		works.push({ slug, title, year, series: random() < 0.2, aliases: [] });
	}
	return works;
}

const MONTH = 30 * 86_400_000;
const YEARS = 25;
/** The archive's newest day: fixed, so that the same seed gives the same bytes whenever it runs. */
const NEWEST = Date.UTC(2026, 10, 1);

export function generateCorpus(articles: number, seed: number, out: string): void {
	const random = rng(seed);
	const sizes = registrySizes(articles);
	const vocabulary = [...FUNCTION_WORDS, ...words(random, 7_000)];
	const firsts = words(random, Math.max(60, Math.ceil(Math.sqrt(sizes.people) * 1.5)));
	const lasts = words(random, Math.max(80, Math.ceil(Math.sqrt(sizes.people) * 4)));
	const people = makePeople(random, sizes.people, firsts, lasts);
	const works = makeWorks(random, sizes.works, vocabulary.slice(FUNCTION_WORDS.length));
	const authors = makePeople(random, sizes.authors, words(random, 40), words(random, 60)).map((a) => ({
		...a,
		aliases: [],
	}));
	const personNames = new Set(people.flatMap((p) => [p.name, ...p.aliases]));
	// An author whose name is a person's would be tagged: bylines are kept apart.
	const bylines = authors.filter((a) => !personNames.has(a.name));
	const prose = proseMaker(random, vocabulary);

	rmSync(out, { recursive: true, force: true });
	mkdirSync(join(out, "articles"), { recursive: true });
	writeFileSync(
		join(out, "site.yaml"),
		`title: reelfeed bench\ndescription: A synthetic archive of ${articles} articles for benchmarks.\nlanguage: en\nid_authority: bench.reelfeed.example,2026\nauthor:\n  name: Bench Editors\n`,
	);
	const image = (path: string, alt: string) =>
		`  image:\n    src: https://images.example.com/${path}.jpg\n    alt: ${yamlString(alt)}\n    width: 1200\n    height: 800\n`;
	const registry = (file: string, entries: string[]) => {
		const fd = openSync(join(out, file), "w");
		for (const e of entries) writeSync(fd, e);
		// A small archive may have no series: an empty registry is an empty list, not an empty file.
		if (entries.length === 0) writeSync(fd, "[]\n");
		closeSync(fd);
	};
	registry(
		"people.yaml",
		people.map(
			(p) =>
				`- slug: ${p.slug}\n  name: ${yamlString(p.name)}\n${p.aliases.length ? `  aliases: ${JSON.stringify(p.aliases)}\n` : ""}  description: A synthetic person.\n${p.image ? image(`people/${p.slug}`, `${p.name}, a portrait`) : ""}`,
		),
	);
	const workEntry = (w: Work, film: boolean) =>
		`- slug: ${w.slug}\n  title: ${yamlString(w.title)}\n  year: ${w.year}\n  description: A synthetic ${film ? "film" : "series"}.\n`;
	registry(
		"films.yaml",
		works.filter((w) => !w.series).map((w) => workEntry(w, true)),
	);
	registry(
		"series.yaml",
		works.filter((w) => w.series).map((w) => workEntry(w, false)),
	);
	registry(
		"authors.yaml",
		bylines.map((a) => `- slug: ${a.slug}\n  name: ${yamlString(a.name)}\n  description: A synthetic reporter.\n`),
	);

	const person = zipf(random, people.length);
	const work = zipf(random, works.length);
	const byline = zipf(random, bylines.length, 0.8);
	const span = YEARS * 365 * 86_400_000;
	const slugs = new Set<string>();
	for (let i = 0; i < articles; i++) {
		const cast = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => people[person()] as Person))];
		const titles = [...new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => works[work()] as Work))];
		const lead = cast[0] as Person;
		const headline = `${lead.name} ${pick(random, ["joins", "to direct", "in talks for", "on", "wraps", "talks", "cast in", "exits"])} ${titles[0]?.title}`;
		const names = [
			...cast.map((p) => (p.aliases.length && random() < 0.3 ? (p.aliases[0] as string) : p.name)),
			...titles.map((w) => w.title),
		];
		const paragraphs = Array.from({ length: 5 + Math.floor(random() * 5) }, () =>
			prose(names, 2 + Math.floor(random() * 4)).join(" "),
		);
		// Newest first by index: 25 years, a few an hour at the end, fewer long ago.
		const at = NEWEST - Math.floor(span * (i / Math.max(articles, 1)) ** 1.3) - Math.floor(random() * 3_600_000);
		const date = new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
		let slug = slugify(headline).slice(0, 80).replace(/-$/, "");
		if (slugs.has(slug)) slug = `${slug}-${i}`;
		slugs.add(slug);
		const front = [`title: ${yamlString(headline)}`, `date: ${date}`];
		if (random() < 0.03)
			front.push(`updated: ${new Date(at + MONTH * random()).toISOString().replace(/\.\d{3}Z$/, "Z")}`);
		if (bylines.length) front.push(`authors: [${(bylines[byline()] as Person).slug}]`);
		if (random() < 0.05)
			front.push(
				`image:\n  src: https://images.example.com/articles/${slug}.jpg\n  alt: ${yamlString(`A still from ${titles[0]?.title}`)}\n  width: 1200\n  height: 800`,
			);
		writeFileSync(join(out, "articles", `${slug}.md`), `---\n${front.join("\n")}\n---\n${paragraphs.join("\n\n")}\n`);
	}
	// A few scoops under embargo, far ahead, so that any build sees them embargoed.
	for (let k = 0; k < Math.min(3, Math.ceil(articles / 1000)); k++) {
		const lead = people[person()] as Person;
		writeFileSync(
			join(out, "articles", `embargoed-scoop-${k}.md`),
			`---\ntitle: ${yamlString(`${lead.name} exclusive`)}\ndate: 2099-0${k + 1}-01T09:00:00Z\n---\n${prose([lead.name], 6).join(" ")}\n`,
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
