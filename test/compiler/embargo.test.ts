import { describe, expect, it } from "vitest";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { ContentError } from "../../scripts/compiler/errors.ts";
import { formatHistory, parseHistory } from "../../scripts/compiler/history.ts";
import { article, PEOPLE, sources } from "./fixtures.ts";

/**
 * What the build does with an embargoed article (dated after the build) and a draft: bundles the
 * first, hidden, and leaves the second out, and neither changes anything the build publishes at
 * once: its fingerprint, its history of when each feed changed, its newest date.
 */
const T1 = Date.parse("2026-11-30T12:00:00Z");
const T2 = Date.parse("2026-11-30T15:00:00Z");
const A = article("a.md", "title: A\ndate: 2020-05-05\n", "Joe Russo wrote Extraction 2.\n");
const SCOOP = article(
	"scoop.md",
	"title: Scoop\ndate: 2026-12-24T09:00:00+01:00\n",
	"Tom Holland joins Extraction 2, says Joe Russo.\n",
);
const DRAFT = article("draft.md", "title: Draft\ndate: 2020-05-06\ndraft: true\n", "Joe Russo, unpublished.\n");
const PEOPLE_TOO = `${PEOPLE}- slug: tom-holland\n  name: Tom Holland\n  description: Actor.\n`;

describe("the build, with an article under embargo", () => {
	it("bundles it first, hidden, with its date; and changes no fingerprint, history or date published now", () => {
		const plain = compileContent(sources({ articles: [A], people: { path: "people.yaml", text: PEOPLE_TOO } }), {
			now: T1,
		});
		const history = parseHistory(formatHistory(plain.history));
		const embargoed = compileContent(
			sources({ articles: [A, SCOOP, DRAFT], people: { path: "people.yaml", text: PEOPLE_TOO }, history }),
			{ now: T2 },
		);
		expect(embargoed.embargoes).toEqual(["2026-12-24T08:00:00.000Z"]);
		expect(embargoed.articles.map((a) => a.slug)).toEqual(["scoop", "a"]);
		expect(embargoed.fingerprint).toBe(plain.fingerprint);
		// Every feed's record kept its time: nothing a reader can see changed at T2.
		expect(embargoed.history).toEqual(plain.history);
		expect(embargoed.changed).toEqual(plain.changed);
		// Tom Holland, whom only the scoop names, has the article in his list, to be shown with it.
		const tom = embargoed.entities.person.find((p) => p.slug === "tom-holland");
		expect(tom?.articles).toEqual([0]);
	});

	it("checks a draft like any article, and publishes none", () => {
		const bad = article("draft.md", "title: Draft\ndate: 2020-05-06\ndraft: true\npeople: [nobody]\n");
		expect(() => compileContent(sources({ articles: [A, bad] }), { now: T1 })).toThrow(ContentError);
		expect(() =>
			compileContent(sources({ articles: [A, article("d.md", "title: D\ndate: 2020-05-06\ndraft: yes\n")] }), {
				now: T1,
			}),
		).toThrow(/draft: must be true or false/);
		const compiled = compileContent(sources({ articles: [A, DRAFT] }), { now: T1 });
		expect(compiled.articles.map((a) => a.slug)).toEqual(["a"]);
		expect(JSON.stringify(compiled)).not.toContain("unpublished");
	});
});
