import { describe, expect, it } from "vitest";
import { readContentFolder } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { ContentError, type ContentProblem } from "../../scripts/compiler/errors.ts";
import { article, sources } from "./fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");

function problemsOf(name: string, frontMatter: string, body = "Text.\n"): ContentProblem[] {
	try {
		compileContent(sources({ articles: [article(name, frontMatter, body)] }), { now: NOW });
	} catch (error) {
		if (error instanceof ContentError) return error.problems;
		throw error;
	}
	return [];
}

/**
 * Hostile content that stops the build, each with file, line and a precise message. (What is
 * published instead, with its dangerous parts neutralized, is in test/fixtures/hostile and
 * checked through the feeds in test/worker/hostile-content.test.ts.)
 */
describe("hostile content that stops the build", () => {
	it("an update dated after the build, on an article already published", () => {
		// A new article's future date is an embargo (src/content/edition.ts); an update is published
		// with the build that carries it, so one dated later is a mistake.
		expect(problemsOf("later.md", "title: T\ndate: 2020-01-01\nupdated: 2062-01-01\n")).toEqual([
			{
				file: "content/articles/later.md",
				line: 4,
				field: "updated",
				message: expect.stringContaining('"2062-01-01" is after the build: an update is published when it is deployed'),
			},
		]);
		// An embargoed article is revealed as it is: its update cannot wait for a later date either.
		expect(problemsOf("embargoed.md", "title: T\ndate: 2062-01-01\nupdated: 2062-01-02\n")[0]?.field).toBe("updated");
		expect(problemsOf("embargoed.md", "title: T\ndate: 2062-01-01\nupdated: 2062-01-01\n")).toEqual([]);
	});

	it("a date with no time zone", () => {
		expect(problemsOf("a.md", "title: T\ndate: 2026-01-01T10:00:00\n")[0]).toMatchObject({
			line: 3,
			field: "date",
			message: expect.stringContaining("has no time zone"),
		});
	});

	it("a slug longer than 200 characters", () => {
		const name = `${"a".repeat(201)}.md`;
		expect(problemsOf(name, "title: T\ndate: 2026-01-01\n")[0]).toMatchObject({
			line: 1,
			message: expect.stringContaining("a slug of 201 characters; at most 200"),
		});
		expect(problemsOf(`${"a".repeat(200)}.md`, "title: T\ndate: 2026-01-01\n")).toEqual([]);
	});

	it("an article over 1 MiB, while one just under it compiles", () => {
		const para = `${"word ".repeat(199)}end.\n\n`;
		const under = para.repeat(Math.floor((1024 * 1024 - 200) / para.length));
		expect(problemsOf("big.md", "title: Big\ndate: 2026-01-01\n", under)).toEqual([]);
		expect(problemsOf("huge.md", "title: Huge\ndate: 2026-01-01\n", under + para.repeat(2))[0]).toMatchObject({
			line: 1,
			message: expect.stringMatching(/^the article is \d+ characters; at most 1048576 \(1 MiB\): split it$/),
		});
	});

	it("an entity named in front matter that the registry lacks", () => {
		expect(problemsOf("a.md", "title: T\ndate: 2026-01-01\npeople: [jane-nobody]\n")[0]).toMatchObject({
			line: 4,
			field: "people[0]",
			message: 'unknown person "jane-nobody": add it to content/people.yaml first',
		});
	});

	it("front matter that is not an object", () => {
		expect(problemsOf("a.md", "[title, date]\n")[0]).toMatchObject({
			line: 2,
			message: expect.stringContaining("must be YAML fields"),
		});
		expect(problemsOf("b.md", "42\n")[0]).toMatchObject({
			line: 2,
			message: expect.stringContaining("must be YAML fields"),
		});
	});
});

describe("hostile content that is published, neutralized", () => {
	it("an article written in raw HTML counts as text, and its entities are found", () => {
		const content = compileContent(
			sources({
				articles: [article("html.md", "title: T\ndate: 2026-01-01\n", "<div><p>Joe Russo <b>said</b></p></div>\n")],
			}),
			{ now: NOW },
		);
		expect(content.articles[0]?.entities).toEqual([{ type: "person", slug: "joe-russo" }]);
	});
});

/**
 * Characters no output may carry, written out here apart from the compiler's own list: what XML
 * 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) and discourages (DEL, C1 controls,
 * noncharacters). Lone surrogates are caught by isWellFormed().
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this test looks for.
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/;

function* strings(value: unknown, path = ""): Generator<[string, string]> {
	if (typeof value === "string") yield [path, value];
	else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
	else if (value && typeof value === "object")
		for (const [k, v] of Object.entries(value)) {
			yield [`${path}.${k} (key)`, k];
			yield* strings(v, `${path}.${k}`);
		}
}

describe("characters no output may carry, however they enter", () => {
	const content = compileContent(readContentFolder("test/fixtures/hostile"), { now: NOW });

	it("are absent from every string of the compiled content: YAML escapes, character references, raw bytes", () => {
		let checked = 0;
		for (const [path, value] of strings(content)) {
			checked++;
			expect(UNWANTED.test(value), `${path}: ${JSON.stringify(value)}`).toBe(false);
			expect(value.isWellFormed(), `${path}: ${JSON.stringify(value)}`).toBe(true);
		}
		expect(checked).toBeGreaterThan(200);
	});

	it("leave the rest of each field as written", () => {
		const article = content.articles.find((a) => a.slug === "yaml-escapes");
		expect(article?.title).toBe(`YAML escapes:${" ".repeat(7)}and  end`);
		expect(article?.summary).toBe("A summary with  a NUL,  a form feed and  a lone high surrogate.");
		expect(article?.author).toEqual({ name: "Writer Name" });
		expect(article?.source).toBe("Source with a bell");
		expect(article?.html).toContain("no entity: &amp;constructor;");
		expect(content.site.description).toBe("Articles built to break feeds; every one must still give valid feeds.");
		const person = content.entities.person.find((p) => p.slug === "escaped-name");
		expect(person?.name).toBe("Escaped Name");
		expect(person?.aliases).toEqual(["Escaped"]);
		// The cleaned name is what tagging matches.
		expect(article?.entities).toContainEqual({ type: "person", slug: "escaped-name" });
	});
});
