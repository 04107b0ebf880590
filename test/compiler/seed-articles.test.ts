import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContent } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { splitFrontMatter } from "../../scripts/compiler/front-matter.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

const content = compileContent(await readContent(FIXTURE_CONTENT));
const tagged = (slug: string) => content.articles.find((a) => a.slug === slug)?.entities.map((e) => e.slug);

// The tests' copies of the seed articles and their registries (test/fixtures/content): what the
// editor does to content/ cannot fail these; the build checks content/ itself.
describe("the seed articles and registries", () => {
	it("holds the three seed articles, newest first, with their dates", () => {
		// And one article under embargo, dated 2100, first; the draft beside them is not published.
		expect(content.embargoes).toEqual(["2100-01-01T09:00:00.000Z"]);
		expect(content.articles.slice(content.embargoes.length).map((a) => [a.slug, a.date])).toEqual([
			["joe-russo-returns-to-write-extraction-2", "2020-05-05T00:00:00.000Z"],
			["extraction-2-already-in-the-works", "2020-05-04T00:00:00.000Z"],
			["joe-russo-talks-extraction", "2020-04-23T00:00:00.000Z"],
		]);
	});

	it("registers every real person the articles name, and no fictional character", () => {
		const names = content.entities.person.map((p) => p.name);
		expect(names.sort()).toEqual(
			[
				"Anthony Russo",
				"Chris Hemsworth",
				"David Harbour",
				// Named by the embargoed fixture only, hidden with it until 2100.
				"Golshifteh Farahani",
				"Joe Russo",
				"Rudhraksh Jaiswal",
				"Sam Hargrave",
				"Tom Holland",
			].sort(),
		);
		expect(names).not.toContain("Tyler Rake");
		expect(names).not.toContain("Ovi Mahajan");
	});

	it("registers every film the articles name, with a year, and other works with their kind", () => {
		const films = content.entities.film.filter((f) => f.kind === "film");
		expect(films.map((f) => f.slug).sort()).toEqual(
			[
				"avengers-endgame",
				"avengers-infinity-war",
				"captain-america-civil-war",
				"captain-america-the-winter-soldier",
				"cherry",
				"extraction",
				"extraction-2",
			].sort(),
		);
		for (const film of films) expect(film.year, film.slug).toBeTypeOf("number");
		const other = Object.fromEntries(
			content.entities.film.filter((f) => f.kind !== "film").map((f) => [f.slug, f.kind]),
		);
		expect(other).toMatchObject({ "magic-the-gathering": "game", grimjack: "comic" });
		expect(content.entities.series.map((s) => s.slug).sort()).toEqual(
			["battle-of-the-planets", "community", "the-simpsons"].sort(),
		);
	});

	it("tags Anthony Russo where the text calls him 'his brother Anthony', via front matter", () => {
		expect(tagged("extraction-2-already-in-the-works")).toContain("anthony-russo");
		expect(tagged("joe-russo-talks-extraction")).toContain("anthony-russo");
		expect(tagged("joe-russo-returns-to-write-extraction-2")).not.toContain("anthony-russo");
	});

	it('tags "Captain America: Winter Soldier" through its alias', () => {
		expect(tagged("joe-russo-talks-extraction")).toContain("captain-america-the-winter-soldier");
	});

	it("does not tag the sequel where only the first film is named", () => {
		expect(tagged("joe-russo-talks-extraction")).toContain("extraction");
		expect(tagged("joe-russo-talks-extraction")).not.toContain("extraction-2");
	});
});

/**
 * The seeds, with only scraping debris removed, must read word for word as the articles' bodies.
 * Each fix below is the whole of what the editor changed in that seed.
 */
const SEEDS: { file: string; article: string; title?: string; fix: (text: string) => string }[] = [
	{
		file: "000_40000417b6a9f35c.txt",
		article: "joe-russo-returns-to-write-extraction-2.md",
		fix: (t) => t.replace(/^\s*date 2020-05-05\s+/, ""),
	},
	{
		file: "001_42d06800df40264b.txt",
		article: "extraction-2-already-in-the-works.md",
		title: "'Extraction 2' Is Already In The Works; Could Be A Sequel Or A Prequel",
		fix: (t) =>
			t
				.replace("'Extraction 2' Is Already In The Works; Could Be A Sequel Or A Prequel\n", "")
				.replace("Extraction 2Joe Russo", "Extraction 2. Joe Russo")
				.replace("metricsExtraction", "metrics. Extraction"),
	},
	{
		file: "002_f63c9baceeb0320b.txt",
		article: "joe-russo-talks-extraction.md",
		title: "‘Extraction’ Writer-Producer Joe Russo Talks Netflix, Chris Hemsworth’s Performance, and Crafting Action",
		fix: (t) =>
			t
				.replace(/^.*Crafting Action\s*\n\s*April 23, 2020\s*\n/, "")
				.replace("Image via Marvel", "")
				.replace("extraction-netflix-chris-hemsworth-poster-full", "")
				.replaceAll("•", "")
				.replace(/Latest News\s*$/, ""),
	},
];

const words = (text: string) => text.replace(/\s+/g, " ").trim();

describe("the seed articles are kept faithful", () => {
	for (const seed of SEEDS) {
		it(`${seed.article} reads word for word as seed ${seed.file}, less its scraping debris`, () => {
			const raw = readFileSync(join("test/fixtures/seeds", seed.file), "utf8");
			const source = readFileSync(join(FIXTURE_CONTENT, "articles", seed.article), "utf8");
			// An image the editor added to the text is a figure, not words of the seed.
			const body = (splitFrontMatter(source)?.body ?? "").replace(/^!\[[^\]\n]*\]\([^)\n]*\)$/gm, "");
			expect(words(body.replace(/^- /gm, ""))).toBe(words(seed.fix(raw)));
			if (seed.title) expect(content.articles.find((a) => `${a.slug}.md` === seed.article)?.title).toBe(seed.title);
		});
	}
});
