import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContentFolder } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { splitFrontMatter } from "../../scripts/compiler/front-matter.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

const content = compileContent(readContentFolder(FIXTURE_CONTENT));
const tagged = (slug: string) => content.articles.find((a) => a.slug === slug)?.entities.map((e) => e.slug);

// The tests' copies of the seed articles and their registries (test/fixtures/content): what the
// editor does to content/ cannot fail these; the build checks content/ itself.
describe("the seed articles and registries", () => {
	it("holds the three seed articles, newest first, with their dates", () => {
		expect(content.articles.map((a) => [a.slug, a.date])).toEqual([
			["joe-russo-returns-to-write-extraction-2", "2020-05-05T00:00:00.000Z"],
			["extraction-2-already-in-the-works", "2020-05-04T00:00:00.000Z"],
			["joe-russo-talks-extraction", "2020-04-23T00:00:00.000Z"],
		]);
	});

	it("registers every real person the articles name, and no fictional character", () => {
		const names = content.people.map((p) => p.name);
		expect(names.sort()).toEqual(
			[
				"Anthony Russo",
				"Chris Hemsworth",
				"David Harbour",
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
		const films = content.films.filter((f) => f.kind === "film");
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
		const other = Object.fromEntries(content.films.filter((f) => f.kind !== "film").map((f) => [f.slug, f.kind]));
		expect(other).toMatchObject({ "the-simpsons": "series", community: "series", grimjack: "comic" });
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
			const body = splitFrontMatter(source)?.body ?? "";
			expect(words(body.replace(/^- /gm, ""))).toBe(words(seed.fix(raw)));
			if (seed.title) expect(content.articles.find((a) => `${a.slug}.md` === seed.article)?.title).toBe(seed.title);
		});
	}
});

describe("the build-content command", () => {
	// Each run keeps its history apart from the fixtures, which no test writes to.
	const run = (args: string[], history = join(mkdtempSync(join(tmpdir(), "reelfeed-")), "history.json")) =>
		spawnSync(process.execPath, ["scripts/build-content.ts", "--history", history, ...args], { encoding: "utf8" });

	it("writes the compiled module and prints a report of articles, people, films and tags", () => {
		const out = join(mkdtempSync(join(tmpdir(), "reelfeed-")), "compiled.js");
		const result = run(["--content", FIXTURE_CONTENT, "--out", out]);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain("reelfeed content: 3 articles, 7 people, 7 films (+5 other works)");
		expect(result.stdout).toMatch(/2020-04-23 joe-russo-talks-extraction: Joe Russo, Anthony Russo, .*Tom Holland/);
		expect(readFileSync(out, "utf8")).toMatch(/^\/\/ Generated by scripts\/build-content\.ts/);
	});

	it("writes the same bytes from the same content, its history kept", () => {
		const dir = mkdtempSync(join(tmpdir(), "reelfeed-"));
		const history = join(dir, "history.json");
		for (const out of ["a", "b"]) {
			mkdirSync(join(dir, out));
			expect(
				run(["--content", FIXTURE_CONTENT, "--out", join(dir, out, "compiled.js"), "--quiet"], history).status,
			).toBe(0);
		}
		for (const file of ["compiled.js", "compiled-records.bin"])
			expect(readFileSync(join(dir, "a", file)).equals(readFileSync(join(dir, "b", file))), file).toBe(true);
	});

	it("stops with exit 1, file, line and field, and writes nothing, when content is broken", () => {
		const dir = mkdtempSync(join(tmpdir(), "reelfeed-"));
		cpSync(FIXTURE_CONTENT, join(dir, "content"), { recursive: true });
		const broken = join(dir, "content/articles/broken.md");
		writeFileSync(broken, "---\ntitle: Broken\ndate: 2020-02-30\npeople: [nobody]\n---\nText.\n");
		mkdirSync(join(dir, "out"));
		const out = join(dir, "out/compiled.js");
		const result = run(["--content", join(dir, "content"), "--out", out]);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('broken.md:3: date: "2020-02-30" is not a real calendar date');
		expect(result.stderr).toContain('broken.md:4: people[0]: unknown person "nobody"');
		expect(existsSync(out)).toBe(false);
	});

	describe("the history of feed changes it keeps", () => {
		const build = (content: string, command: string | undefined, now: string, extra: Record<string, string> = {}) =>
			spawnSync(
				process.execPath,
				[
					"scripts/build-content.ts",
					"--quiet",
					"--content",
					content,
					"--out",
					join(content, "..", "out", "compiled.js"),
					"--now",
					now,
				],
				{
					encoding: "utf8",
					env: { ...process.env, WRANGLER_COMMAND: command ?? "", ...extra },
				},
			);
		const copy = () => {
			const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-")), "content");
			cpSync(FIXTURE_CONTENT, dir, { recursive: true });
			return dir;
		};
		const history = (dir: string) => JSON.parse(readFileSync(join(dir, "feed-history.json"), "utf8")).feeds;

		it("is the content's own only for a deploy: a dev build, a plain build or a dry run keeps a copy apart", () => {
			const dir = copy();
			expect(build(dir, "deploy", "2026-01-01T00:00:00Z").status).toBe(0);
			const deployed = readFileSync(join(dir, "feed-history.json"), "utf8");
			writeFileSync(join(dir, "articles", "new.md"), "---\ntitle: New\ndate: 2020-01-01\n---\nJoe Russo.\n");
			for (const [command, extra] of [
				["dev", {}],
				[undefined, {}],
				["deploy", { REELFEED_DRY_RUN: "1" }],
			] as const) {
				expect(build(dir, command, "2026-02-01T00:00:00Z", extra).status).toBe(0);
				expect(readFileSync(join(dir, "feed-history.json"), "utf8"), String(command)).toBe(deployed);
			}
		});

		it("dates a change to the deploy that publishes it, not to the editor's save before it", () => {
			const dir = copy();
			build(dir, "deploy", "2026-01-01T00:00:00Z");
			writeFileSync(join(dir, "articles", "new.md"), "---\ntitle: New\ndate: 2020-01-01\n---\nJoe Russo.\n");
			// Saved under npm start on the 2nd; deployed on the 9th.
			build(dir, "dev", "2026-02-02T00:00:00Z");
			build(dir, "deploy", "2026-02-09T00:00:00Z");
			const feeds = history(dir);
			expect(feeds.site.changed).toBe("2026-02-09T00:00:00.000Z");
			expect(feeds["person/joe-russo"].changed).toBe("2026-02-09T00:00:00.000Z");
			expect(feeds["person/tom-holland"].changed).toBe("2026-01-01T00:00:00.000Z");
		});
	});

	it("honours REELFEED_CONTENT to pick the content folder", () => {
		const result = spawnSync(
			process.execPath,
			["scripts/build-content.ts", "--out", join(mkdtempSync(join(tmpdir(), "r-")), "c.js")],
			{
				encoding: "utf8",
				env: { ...process.env, REELFEED_CONTENT: join(tmpdir(), "no-such-folder") },
			},
		);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain("no-such-folder");
	});
});
