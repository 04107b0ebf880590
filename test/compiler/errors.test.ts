import { describe, expect, it } from "vitest";
import { formatProblem } from "../../scripts/compiler/errors.ts";
import { article, FILMS, PEOPLE, problems, sources } from "./fixtures.ts";

const withArticle = (frontMatter: string, body?: string, name = "broken.md") =>
	problems(sources({ articles: [article(name, frontMatter, body)] }));

describe("the content compiler stops on broken front matter", () => {
	it("names the file and line 1 when an article has no front matter", () => {
		const found = problems(sources({ articles: [{ path: "content/articles/bare.md", text: "Just text.\n" }] }));
		expect(found).toEqual([
			{ file: "content/articles/bare.md", line: 1, field: "", message: expect.stringContaining("no front matter") },
		]);
	});

	it("treats front matter that is never closed as missing", () => {
		const found = problems(
			sources({ articles: [{ path: "content/articles/open.md", text: "---\ntitle: T\ndate: 2020-01-01\n\nText.\n" }] }),
		);
		expect(found[0]).toMatchObject({ line: 1, message: expect.stringContaining("no front matter") });
	});

	it("reports a YAML syntax error at its line in the file", () => {
		const [p] = withArticle("title: A\ndate: 2020-01-01\ntitle: B\n");
		expect(p).toMatchObject({
			file: "content/articles/broken.md",
			line: 4,
			message: "YAML syntax: Map keys must be unique",
		});
	});

	it("rejects front matter that is a list or a single value, not fields", () => {
		expect(withArticle("- title\n- date\n")[0]).toMatchObject({
			line: 2,
			message: expect.stringContaining("must be YAML fields"),
		});
		expect(withArticle("just a string\n")[0]).toMatchObject({
			line: 2,
			message: expect.stringContaining("must be YAML fields"),
		});
	});

	it("names a missing title or date as the field that is required", () => {
		expect(withArticle("date: 2020-01-01\n")).toEqual([
			{ file: "content/articles/broken.md", line: 2, field: "title", message: "is required" },
		]);
		expect(withArticle("title: T\n")).toEqual([
			{ file: "content/articles/broken.md", line: 2, field: "date", message: "is required" },
		]);
	});

	it("names a field of the wrong type", () => {
		expect(withArticle("title: [a, b]\ndate: 2020-01-01\n")).toEqual([
			{ file: "content/articles/broken.md", line: 2, field: "title", message: "must be a string" },
		]);
	});

	it("rejects an unknown field at its own line, so a typo is not silently ignored", () => {
		expect(withArticle("title: T\ndate: 2020-01-01\nsumary: oops\n")).toEqual([
			{ file: "content/articles/broken.md", line: 4, field: "sumary", message: 'unknown field "sumary"' },
		]);
	});
});

describe("the content compiler stops on bad dates", () => {
	it("rejects a date that is not ISO 8601", () => {
		const [p] = withArticle("title: T\ndate: yesterday\n");
		expect(p).toMatchObject({ line: 3, field: "date", message: expect.stringContaining('"yesterday" is not a date') });
	});

	it("rejects a date that does not exist on the calendar", () => {
		const [p] = withArticle("title: T\ndate: 2021-02-29\n");
		expect(p).toMatchObject({ line: 3, field: "date", message: expect.stringContaining("not a real calendar date") });
	});

	it("rejects a date-time with no time zone, which readers would each guess differently", () => {
		const [p] = withArticle("title: T\ndate: 2020-05-05T10:00:00\n");
		expect(p).toMatchObject({ line: 3, field: "date", message: expect.stringContaining("has no time zone") });
	});

	it("rejects an unparseable updated, and one that comes before the date", () => {
		expect(withArticle("title: T\ndate: 2020-05-05\nupdated: soon\n")[0]).toMatchObject({ line: 4, field: "updated" });
		expect(withArticle("title: T\ndate: 2020-05-05\nupdated: 2020-05-04\n")[0]).toMatchObject({
			line: 4,
			field: "updated",
			message: "is before date (2020-05-05)",
		});
	});
});

describe("the content compiler stops on unknown or bad slugs", () => {
	it("rejects an unknown person added in front matter, at the line of that slug", () => {
		expect(withArticle("title: T\ndate: 2020-01-01\npeople:\n  add:\n    - joe-russo\n    - jon-russo\n")).toEqual([
			{
				file: "content/articles/broken.md",
				line: 7,
				field: "people.add[1]",
				message: 'unknown person "jon-russo": did you mean joe-russo? If not, add it to content/people.yaml first',
			},
		]);
	});

	it("rejects an unknown film in the list form, and a person's slug used as a film, saying which it is", () => {
		const found = withArticle("title: T\ndate: 2020-01-01\nfilms: [extraction-3, joe-russo, zzz]\n");
		expect(found.map((p) => [p.line, p.field, p.message])).toEqual([
			[
				4,
				"films[0]",
				'unknown film "extraction-3": did you mean extraction or extraction-2? If not, add it to content/films.yaml first',
			],
			[4, "films[1]", '"joe-russo" is a person, not a film: list it under people'],
			[4, "films[2]", 'unknown film "zzz": add it to content/films.yaml first'],
		]);
	});

	it("rejects a slug that is both added and excluded", () => {
		const [p] = withArticle("title: T\ndate: 2020-01-01\npeople:\n  add: [joe-russo]\n  exclude: [joe-russo]\n");
		expect(p).toMatchObject({ line: 6, field: "people.exclude[0]", message: '"joe-russo" is both added and excluded' });
	});

	it("rejects a slug that is not lowercase words joined by hyphens", () => {
		const [p] = withArticle("title: T\ndate: 2020-01-01\npeople: [Joe_Russo]\n");
		expect(p).toMatchObject({ line: 4, field: "people[0]", message: expect.stringContaining("lowercase ASCII words") });
	});

	it("rejects an article file name that does not make a slug", () => {
		const [p] = withArticle("title: T\ndate: 2020-01-01\n", "Text.\n", "My Article.md");
		expect(p).toMatchObject({
			file: "content/articles/My Article.md",
			line: 1,
			message: expect.stringContaining("my-article.md"),
		});
	});

	it("rejects a duplicate slug in a registry, pointing at both entries", () => {
		const found = problems(
			sources({
				people: {
					path: "content/people.yaml",
					text: `${PEOPLE}- slug: joe-russo\n  name: Joe Russo\n  description: Again.\n`,
				},
			}),
		);
		expect(found).toContainEqual({
			file: "content/people.yaml",
			line: 11,
			field: "[3].slug",
			message: 'duplicate slug "joe-russo" (first used at line 1)',
		});
	});

	it("rejects a registry slug that does not come from the name", () => {
		const [p] = problems(
			sources({
				films: {
					path: "content/films.yaml",
					text: `${FILMS}- slug: sequel\n  title: Extraction 3\n  description: d\n`,
				},
			}),
		);
		expect(p).toMatchObject({ line: 13, field: "[3].slug", message: expect.stringContaining('use "extraction-3"') });
	});

	it("rejects a name or alias that two entries claim, since tagging could not tell them apart", () => {
		const text = `${PEOPLE}- slug: chris-hemsworth-2\n  name: Chris Hemsworth 2\n  aliases: [Hemsworth]\n  description: d\n`;
		const [p] = problems(sources({ people: { path: "content/people.yaml", text } }));
		expect(p?.message).toBe('"Hemsworth" already names "chris-hemsworth"; a name or alias must belong to one entry');
	});

	it("rejects a registry entry with a missing field or an unknown kind", () => {
		const found = problems(
			sources({
				films: {
					path: "content/films.yaml",
					text: "- slug: cherry\n  title: Cherry\n- slug: grimjack\n  title: Grimjack\n  kind: comix\n  description: d\n",
				},
			}),
		);
		expect(found.map((p) => [p.line, p.field])).toEqual([
			[1, "[0].description"],
			[5, "[1].kind"],
		]);
	});

	it("rejects a registry that is not a list", () => {
		const [p] = problems(sources({ people: { path: "content/people.yaml", text: "joe-russo: Joe Russo\n" } }));
		expect(p).toMatchObject({
			file: "content/people.yaml",
			line: 1,
			message: expect.stringContaining("must be a YAML list"),
		});
	});
});

describe("the content compiler stops on a broken site.yaml or an empty article", () => {
	it("rejects a base_url with a path and a missing id_authority", () => {
		const text = "title: T\ndescription: D\nlanguage: en\nbase_url: https://example.org/blog\nauthor: Ed\n";
		const found = problems(sources({ site: { path: "content/site.yaml", text } }));
		expect(found.map((p) => [p.line, p.field])).toEqual([
			[1, "id_authority"],
			[4, "base_url"],
		]);
	});

	it("rejects an article with no text after its front matter", () => {
		const [p] = withArticle("title: T\ndate: 2020-01-01\n", "\n\n");
		expect(p).toMatchObject({
			file: "content/articles/broken.md",
			message: "the article has no text after its front matter",
		});
	});
});

describe("the content compiler reports every problem at once", () => {
	it("lists problems from several files in one error, formatted as file:line: field: message", () => {
		const input = sources({
			articles: [article("a.md", "title: A\ndate: 2020-13-01\n"), article("b.md", "date: 2020-01-01\n")],
		});
		const found = problems(input);
		expect(found.map(formatProblem)).toEqual([
			expect.stringMatching(/^content\/articles\/a\.md:3: date: "2020-13-01" is not a real calendar date/),
			"content/articles/b.md:2: title: is required",
		]);
	});
});

describe("the content compiler reports every problem in every file, once", () => {
	it("reports an unknown field, a bad date and two unknown slugs of one article together", () => {
		const found = withArticle("title: T\ndate: 2020-02-30\nsumary: oops\npeople: [jon-russo]\nfilms: [extraction-3]\n");
		// In the order of the file's lines.
		expect(found.map((p) => [p.line, p.field])).toEqual([
			[3, "date"],
			[4, "sumary"],
			[5, "people[0]"],
			[6, "films[0]"],
		]);
	});

	it("checks the other fields of an article whose title is missing or of the wrong type", () => {
		expect(withArticle("title: [a]\ndate: soon\npeople: [jon-russo]\n").map((p) => p.field)).toEqual([
			"title",
			"date",
			"people[0]",
		]);
	});

	it("reports a YAML syntax error in a registry once, at its line, and no unknown person in the articles", () => {
		const found = problems(
			sources({
				people: { path: "content/people.yaml", text: `${PEOPLE}- slug: sam-hargrave\n  name: "Sam Hargrave\n` },
				articles: [article("a.md", "title: A\ndate: 2020-01-01\npeople: [joe-russo, sam-hargrave]\n")],
			}),
		);
		expect(found).toEqual([
			{ file: "content/people.yaml", line: 12, field: "", message: "YAML syntax: a quote opened here is never closed" },
		]);
	});

	it("reports a registry entry with a wrong field in the registry alone, not in every article that names it", () => {
		const found = problems(
			sources({
				people: {
					path: "content/people.yaml",
					text: `${PEOPLE}- slug: sam-hargrave\n  name: Sam Hargrave\n  bio: x\n`,
				},
				articles: [
					article("a.md", "title: A\ndate: 2020-01-01\npeople: [sam-hargrave]\n"),
					article("b.md", "title: B\ndate: 2020-01-01\npeople: [sam-hargrave]\n"),
				],
			}),
		);
		expect(found.map((p) => [p.file, p.line, p.field])).toEqual([
			["content/people.yaml", 11, "[3].description"],
			["content/people.yaml", 13, "[3].bio"],
		]);
	});
});

describe("the content compiler accepts only web URLs from content", () => {
	for (const url of [
		"javascript:alert(1)",
		"data:text/html,<b>x</b>",
		"vbscript:x",
		"ftp://example.org/",
		"//example.org/",
	]) {
		it(`rejects an author url of ${url}, in an article and in site.yaml`, () => {
			const inArticle = withArticle(`title: T\ndate: 2020-01-01\nauthor:\n  name: A\n  url: "${url}"\n`);
			expect(inArticle).toEqual([
				{
					file: "content/articles/broken.md",
					line: 6,
					field: "author.url",
					message: expect.stringContaining("http(s) URL"),
				},
			]);
			const site = `title: T\ndescription: D\nlanguage: en\nid_authority: example.org,2026\nauthor:\n  name: Ed\n  url: "${url}"\n`;
			expect(problems(sources({ site: { path: "content/site.yaml", text: site } }))).toEqual([
				{ file: "content/site.yaml", line: 7, field: "author.url", message: expect.stringContaining("http(s) URL") },
			]);
		});
	}
});
