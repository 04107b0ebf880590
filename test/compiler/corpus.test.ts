import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readContentFolder } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { generateCorpus, registrySizes } from "../../scripts/corpus.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

const N = 2_000;
const root = mkdtempSync(join(tmpdir(), "reelfeed-corpus-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, "a");
generateCorpus(N, 7, dir);

/** Every file of a folder, by path, as bytes. */
const filesOf = (folder: string) =>
	Object.fromEntries(
		readdirSync(folder, { recursive: true, withFileTypes: true })
			.filter((f) => f.isFile())
			.map((f) => [join(f.parentPath, f.name).slice(folder.length), readFileSync(join(f.parentPath, f.name))]),
	);
const ratio = (bytes: Buffer) => bytes.byteLength / deflateSync(bytes, { level: 9 }).byteLength;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const articleFiles = (folder: string) =>
	readdirSync(join(folder, "articles"))
		.filter((f) => f.endsWith(".md"))
		.sort()
		.map((f) => readFileSync(join(folder, "articles", f)));
/** The seed articles (the fixtures hold copies): real prose, as the trades write it. */
const real = [
	"extraction-2-already-in-the-works",
	"joe-russo-returns-to-write-extraction-2",
	"joe-russo-talks-extraction",
].map((slug) => readFileSync(join(FIXTURE_CONTENT, "articles", `${slug}.md`)));

describe("the synthetic archive", () => {
	it("is the same bytes from the same seed, and other bytes from another", () => {
		const again = join(root, "b");
		generateCorpus(N, 7, again);
		expect(filesOf(again)).toEqual(filesOf(dir));
		const other = join(root, "c");
		generateCorpus(N, 8, other);
		expect(filesOf(other)["/people.yaml"]?.equals(filesOf(dir)["/people.yaml"] as Buffer)).toBe(false);
	});

	it("compresses like the real articles, within 20 %, one at a time and three together", () => {
		const synthetic = articleFiles(dir);
		const single = mean(synthetic.slice(0, 60).map(ratio));
		const three = mean(Array.from({ length: 20 }, (_, k) => ratio(Buffer.concat(synthetic.slice(3 * k, 3 * k + 3)))));
		const realSingle = mean(real.map(ratio));
		const realThree = ratio(Buffer.concat(real));
		expect(Math.abs(single / realSingle - 1), `${single} against ${realSingle}`).toBeLessThan(0.2);
		expect(Math.abs(three / realThree - 1), `${three} against ${realThree}`).toBeLessThan(0.2);
	});

	it("has registries of realistic size, with aliases, sequels, bylines and images", () => {
		const people = parse(readFileSync(join(dir, "people.yaml"), "utf8")) as {
			name: string;
			aliases?: string[];
			image?: unknown;
		}[];
		const works = [
			...(parse(readFileSync(join(dir, "films.yaml"), "utf8")) as { title: string }[]),
			...(parse(readFileSync(join(dir, "series.yaml"), "utf8")) as { title: string }[]),
		];
		expect(people).toHaveLength(registrySizes(N).people);
		expect(works).toHaveLength(registrySizes(N).works);
		expect(registrySizes(1_000_000)).toMatchObject({ people: 100_000, works: 20_000 });
		expect(people.some((p) => p.aliases?.length)).toBe(true);
		expect(people.some((p) => p.image)).toBe(true);
		// A sequel whose title extends another's: the tagger must take the longest.
		const titles = new Set(works.map((w) => w.title));
		expect(works.some((w) => /\s\d$/.test(w.title) && titles.has(w.title.replace(/\s\d$/, "")))).toBe(true);
	});

	it("compiles cleanly: Zipf-like popularity, dates over 25 years, bylines, images and embargoes", () => {
		const compiled = compileContent(readContentFolder(dir), { now: Date.UTC(2026, 11, 1) });
		expect(compiled.articles.length).toBe(N + 2);
		expect(compiled.embargoes).toHaveLength(2);
		const counts = compiled.entities.person.map((p) => p.articles.length).sort((a, b) => b - a);
		// The most named person is in far more articles than the median one.
		expect(counts[0]).toBeGreaterThan(20 * (counts[Math.floor(counts.length / 2)] as number));
		const dates = compiled.articles.slice(compiled.embargoes.length).map((a) => Date.parse(a.date));
		const years = (Math.max(...dates) - Math.min(...dates)) / (365 * 86_400_000);
		expect(years).toBeGreaterThan(24);
		expect(years).toBeLessThan(26);
		expect(compiled.articles.every((a) => a.entities.some((e) => e.type === "author"))).toBe(false);
		expect(compiled.articles.filter((a) => a.entities.some((e) => e.type === "author")).length).toBeGreaterThan(
			N * 0.9,
		);
		expect(compiled.articles.some((a) => a.image)).toBe(true);
	});
});
