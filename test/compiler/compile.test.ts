import { describe, expect, it } from "vitest";
import { compileContent, inFileOrder } from "../../scripts/compiler/compile.ts";
import { renderMarkdown } from "../../scripts/compiler/markdown.ts";
import { ORIGIN_PLACEHOLDER } from "../../src/content/types.ts";
import { article, sources } from "./fixtures.ts";

const tagsOf = (body: string, frontMatter = "") => {
	const content = compileContent(
		sources({ articles: [article("a.md", `title: A\ndate: 2020-01-01\n${frontMatter}`, body)] }),
	);
	return content.articles[0]?.entities.map((e) => `${e.type}:${e.slug}`);
};

describe("tagging", () => {
	it('counts "Extraction 2" as the sequel only, not also as Extraction at that spot', () => {
		expect(tagsOf("Work on Extraction 2 has begun.\n")).toEqual(["film:extraction-2"]);
		expect(tagsOf("Extraction 2 follows Extraction.\n")).toEqual(["film:extraction", "film:extraction-2"]);
	});

	it("matches whole words only, by name or alias, in the title and the body", () => {
		expect(tagsOf("Hemsworth's character returns.\n")).toEqual(["person:chris-hemsworth"]);
		expect(tagsOf("The Extractions and Hemsworthy are not names.\n")).toEqual([]);
		const content = compileContent(
			sources({ articles: [article("a.md", "title: Joe Russo speaks\ndate: 2020-01-01\n", "Text.\n")] }),
		);
		expect(content.articles[0]?.entities).toEqual([{ type: "person", slug: "joe-russo" }]);
	});

	it("is case-sensitive, since names are proper nouns", () => {
		expect(tagsOf("An extraction went wrong.\n")).toEqual([]);
	});

	it("reads the text of links, lists and emphasis, but not URLs", () => {
		expect(tagsOf("- [*Joe Russo*](https://example.org/Extraction)\n")).toEqual(["person:joe-russo"]);
	});

	it("applies front-matter additions for what the text cannot show, and exclusions for false matches", () => {
		expect(tagsOf("His brother Anthony produced it.\n", "people: [anthony-russo]\n")).toEqual(["person:anthony-russo"]);
		expect(tagsOf("Joe Russo and Hemsworth.\n", "people:\n  exclude: [chris-hemsworth]\n")).toEqual([
			"person:joe-russo",
		]);
	});

	it("tags series and other works too, registry by registry in table order", () => {
		expect(tagsOf("The Simpsons, Magic: The Gathering, Extraction and Joe Russo.\n")).toEqual([
			"person:joe-russo",
			"film:extraction",
			"film:magic-the-gathering",
			"series:the-simpsons",
		]);
	});
});

describe("bylines", () => {
	it("come from front matter only: an author's name in the text is not a byline", () => {
		expect(tagsOf("Mara Lindqvist reports that Joe Russo will write it.\n")).toEqual(["person:joe-russo"]);
		expect(tagsOf("Joe Russo will write it.\n", "authors: [mara-lindqvist]\n")).toEqual([
			"person:joe-russo",
			"author:mara-lindqvist",
		]);
	});

	it("must name an author in the registry, and an author's url must be http(s)", () => {
		expect(() => tagsOf("Text.\n", "authors: [nobody]\n")).toThrow(/unknown author "nobody"/);
		const bad = `- slug: mara-lindqvist\n  name: Mara Lindqvist\n  description: R.\n  url: javascript:alert(1)\n`;
		expect(() => compileContent(sources({ authors: { path: "content/authors.yaml", text: bad } }))).toThrow(
			/must be an http\(s\) URL/,
		);
	});
});

describe("indexes and ordering", () => {
	it("compiles files in path order, whether or not they come in it, without changing what it was given", () => {
		const paths = ["articles/b.md", "articles/a-b.md", "articles/a.md", "articles/\u00e9.md", "articles/Z.md"];
		const files = paths.map((path) => ({ path, text: "" }));
		const sorted = [...paths].sort();
		expect(inFileOrder(files).map((f) => f.path)).toEqual(sorted);
		expect(files.map((f) => f.path)).toEqual(paths);
		const inOrder = inFileOrder(files);
		// A list in order is taken as it is (read only), and known as such the next time it is asked.
		expect(inFileOrder(inOrder)).toBe(inOrder);
		expect(inFileOrder(inOrder).map((f) => f.path)).toEqual(sorted);
	});

	it("orders articles newest first and indexes each entity's articles in that order", () => {
		const content = compileContent(
			sources({
				articles: [
					article("old.md", "title: Old\ndate: 2019-01-01\n", "Joe Russo.\n"),
					article("new.md", "title: New\ndate: 2021-01-01T10:00:00+02:00\n", "Joe Russo and Extraction.\n"),
					article("mid.md", "title: Mid\ndate: 2020-06-01\nupdated: 2022-01-01\n", "Extraction.\n"),
				],
			}),
		);
		expect(content.articles.map((a) => a.slug)).toEqual(["new", "mid", "old"]);
		expect(content.articles[0]?.date).toBe("2021-01-01T08:00:00.000Z");
		expect(content.articles[1]?.updated).toBe("2022-01-01T00:00:00.000Z");
		const byslug = (slug: string) => content.entities.person.concat(content.entities.film).find((e) => e.slug === slug);
		expect(byslug("joe-russo")?.articles.map((i) => content.articles[i]?.slug)).toEqual(["new", "old"]);
		expect(byslug("extraction")?.articles.map((i) => content.articles[i]?.slug)).toEqual(["new", "mid"]);
		expect(byslug("anthony-russo")?.articles).toEqual([]);
	});

	it("sorts to the same order from whatever order an earlier build gives it (likelyOrder)", () => {
		const files = () => [
			article("b-same.md", "title: B\ndate: 2020-01-01\n"),
			article("a-same.md", "title: A\ndate: 2020-01-01\n"),
			article("draft.md", "title: D\ndate: 2021-01-01\ndraft: true\n"),
			article("new.md", "title: New\ndate: 2022-01-01\n"),
			article("old.md", "title: Old\ndate: 2019-01-01\n"),
		];
		const expected = ["new", "a-same", "b-same", "old"];
		// File order: a-same 0, b-same 1, draft 2, new 3, old 4.
		for (const likelyOrder of [[], [3, 0, 1, 4], [4, 1, 0, 3], [4], [2, 2, 9, 0, 0]]) {
			const content = compileContent(sources({ articles: files() }), { likelyOrder });
			expect(content.articles.map((a) => a.slug)).toEqual(expected);
		}
	});

	it("gives each article a tag URI id from the site authority, its date and its slug", () => {
		const content = compileContent(sources());
		expect(content.articles[0]?.id).toBe("tag:example.org,2026:articles/2020-05-05/first");
	});

	it("derives a summary from the first paragraph, cut at a word boundary, when front matter gives none", () => {
		const long = `${"word ".repeat(100)}end.`;
		const content = compileContent(
			sources({ articles: [article("a.md", "title: A\ndate: 2020-01-01\n", `# Heading\n\n${long}\n\nSecond.\n`)] }),
		);
		const summary = content.articles[0]?.summary ?? "";
		expect(summary.length).toBeLessThanOrEqual(280);
		expect(summary).toMatch(/^word word .* word…$/);
	});
});

describe("rendering Markdown", () => {
	it("renders Markdown to HTML", () => {
		expect(renderMarkdown("A *b* [c](https://example.org).\n\n- one\n- two\n").html).toBe(
			'<p>A <em>b</em> <a href="https://example.org">c</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
		);
	});

	it("sanitizes HTML to an allowlist: no scripts, event handlers, javascript: links, styles or frames", () => {
		const { html } = renderMarkdown(
			'<script>alert(1)</script><p onclick="x()" style="color:red">Hi <a href="javascript:alert(1)">x</a></p><iframe src="https://e.org"></iframe><img src="x.png" onerror="y()">\n',
		);
		expect(html).not.toMatch(/script|onclick|onerror|javascript:|style=|iframe/i);
		expect(html).toContain("<p>Hi <a>x</a></p>");
	});

	it("removes characters that XML 1.0 forbids", () => {
		const { html } = renderMarkdown("bell\u0007 and \uFFFE and \u001B here\n");
		expect(html).toBe("<p>bell and  and  here</p>");
	});

	it("makes relative links absolute against the origin placeholder, which the Worker replaces", () => {
		const { html } = renderMarkdown("[another](/articles/other) ![poster](img/p.jpg)\n");
		expect(html).toContain(`href="${ORIGIN_PLACEHOLDER}/articles/other"`);
		expect(html).toContain(`src="${ORIGIN_PLACEHOLDER}/img/p.jpg"`);
		const content = compileContent(
			sources({ articles: [article("a.md", "title: A\ndate: 2020-01-01\n", "[x](/y)\n")] }),
		);
		expect(content.articles[0]?.hasRelativeUrls).toBe(true);
	});
});

describe("revisions", () => {
	const two = (second: string, people = "") =>
		compileContent(
			sources({
				people: {
					path: "content/people.yaml",
					text: `- slug: joe-russo\n  name: Joe Russo\n  description: Director.\n${people}`,
				},
				articles: [
					article("one.md", "title: One\ndate: 2020-01-02\n", "Joe Russo.\n"),
					article("two.md", "title: Two\ndate: 2020-01-01\n", second),
				],
			}),
		);
	const revs = (c: ReturnType<typeof two>) => Object.fromEntries(c.articles.map((a) => [a.slug, a.rev]));

	it("change for an edited article only", () => {
		const before = revs(two("Text.\n"));
		const after = revs(two("Edited text.\n"));
		expect(after.one).toBe(before.one);
		expect(after.two).not.toBe(before.two);
	});

	it("change for every article that shows a renamed entity", () => {
		const before = two("Text.\n");
		const renamed = compileContent(
			sources({
				people: {
					path: "content/people.yaml",
					text: "- slug: joe-russo\n  name: Joe Russo\n  aliases: [Joe Russo Jr]\n  description: Director and writer.\n",
				},
				articles: [
					article("one.md", "title: One\ndate: 2020-01-02\n", "Joe Russo.\n"),
					article("two.md", "title: Two\ndate: 2020-01-01\n", "Text.\n"),
				],
			}),
		);
		expect(revs(renamed).one).not.toBe(revs(before).one);
		expect(revs(renamed).two).toBe(revs(before).two);
	});

	it("give the content a revision that follows the code's", () => {
		const input = sources();
		expect(compileContent(input, { codeRev: "a" }).rev).not.toBe(compileContent(input, { codeRev: "b" }).rev);
		expect(compileContent(input, { codeRev: "a" }).rev).toBe(compileContent(input, { codeRev: "a" }).rev);
	});
});
