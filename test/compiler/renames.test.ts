import { describe, expect, it } from "vitest";
import { type ContentSources, compileContent } from "../../scripts/compiler/compile.ts";
import { article, PEOPLE, problems, sources } from "./fixtures.ts";

const NOW = Date.parse("2026-11-30T12:00:00Z");

const problemsAt = (input: ContentSources) => problems(input, { now: NOW });

const A = article("a.md", "title: A\ndate: 2020-05-05\n", "Joe Russo wrote Extraction 2.\n");

describe("renames, withdrawals and corrections in the build", () => {
	it("records old slugs, keeps the first in the id, and withdrawn articles by every slug", () => {
		const renamed = article("new-name.md", "title: B\ndate: 2020-05-01\nold_slugs: [first-name, second-name]\n");
		const gone = article("gone.md", "title: C\ndate: 2020-05-02\nold_slugs: [gone-before]\nwithdrawn: Retracted.\n");
		const content = compileContent(sources({ articles: [A, renamed, gone] }), { now: NOW });
		expect(content.articles.map((a) => a.slug)).toEqual(["a", "new-name"]);
		expect(content.articles[1]?.id).toBe("tag:example.org,2026:articles/2020-05-01/first-name");
		expect(content.renames.articles).toEqual({ "first-name": "new-name", "second-name": "new-name" });
		expect(content.withdrawn).toEqual({ gone: "Retracted.", "gone-before": "Retracted." });
	});

	it("keeps no reason for an article withdrawn before its date: it was never public, and stays a 404", () => {
		const never = article("never.md", "title: N\ndate: 2099-01-01\nwithdrawn: Pulled.\n");
		expect(compileContent(sources({ articles: [A, never] }), { now: NOW }).withdrawn).toEqual({});
	});

	it("stops when two things claim one slug, old or new, naming both", () => {
		const clash = article("b.md", "title: B\ndate: 2020-05-01\nold_slugs: [a]\n");
		expect(problemsAt(sources({ articles: [A, clash] }))).toEqual([
			{
				file: "content/articles/b.md",
				line: 4,
				field: "old_slugs[0]",
				message: '"a" is already claimed by content/articles/a.md: two articles cannot answer at one URL',
			},
		]);
		const own = article("b.md", "title: B\ndate: 2020-05-01\nold_slugs: [b]\n");
		expect(problemsAt(sources({ articles: [A, own] }))[0]).toMatchObject({ field: "old_slugs[0]", line: 4 });
		const people = `${PEOPLE}- slug: tom-holland\n  old_slugs: [joe-russo]\n  name: Tom Holland\n  description: Actor.\n`;
		expect(problemsAt(sources({ people: { path: "content/people.yaml", text: people } }))).toEqual([
			expect.objectContaining({
				file: "content/people.yaml",
				field: "[3].old_slugs[0]",
				message: '"joe-russo" is already claimed at line 1',
			}),
		]);
	});

	it("moves `updated` to the latest correction, and checks each one's date", () => {
		const corrected = article(
			"b.md",
			"title: B\ndate: 2020-05-01\ncorrections:\n  - date: 2020-05-03\n    note: Later.\n  - date: 2020-05-02\n    note: Earlier.\n",
		);
		const content = compileContent(sources({ articles: [A, corrected] }), { now: NOW });
		const b = content.articles.find((x) => x.slug === "b");
		expect(b?.updated).toBe("2020-05-03T00:00:00.000Z");
		expect(b?.corrections?.map((c) => c.note)).toEqual(["Earlier.", "Later."]);
		const bad = article(
			"c.md",
			"title: C\ndate: 2020-05-01\ncorrections:\n  - date: 2020-04-01\n    note: Before.\n  - date: 2062-01-01\n    note: After.\n  - note: Undated.\n",
		);
		expect(problemsAt(sources({ articles: [bad] })).map((p) => [p.line, p.field, p.message.slice(0, 40)])).toEqual([
			[5, "corrections[0].date", "is before the article's date (2020-05-01"],
			[7, "corrections[1].date", '"2062-01-01" is after the build: a corre'],
			[9, "corrections[2].date", "is required"],
		]);
	});
});
