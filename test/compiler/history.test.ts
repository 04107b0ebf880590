import { describe, expect, it } from "vitest";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { formatHistory, parseHistory } from "../../scripts/compiler/history.ts";
import type { CompiledContent } from "../../src/content/types.ts";
import { article, PEOPLE, sources } from "./fixtures.ts";

const T1 = Date.parse("2026-11-30T12:00:00Z");
const T2 = Date.parse("2026-11-30T15:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();

const A = article("a.md", "title: A\ndate: 2020-05-05\n", "Joe Russo wrote Extraction 2.\n");
const B = article("b.md", "title: B\ndate: 2020-05-01\n", "Tony and Chris Hemsworth made Extraction.\n");

/**
 * When each feed last changed, by history key, as the Worker reads them: the latest of its own
 * record and the code and site revision's.
 */
function changes(content: CompiledContent): Record<string, string> {
	const { revision } = content.changed;
	const latest = (at: string) => (at > revision ? at : revision);
	return {
		site: latest(content.changed.site),
		content: latest(content.changed.content),
		...Object.fromEntries(
			[...content.entities.person, ...content.entities.film].map((e) => [`${e.type}/${e.slug}`, latest(e.changed)]),
		),
	};
}

/** Builds at T1, then with `edit` applied at T2, passing the history on as the file would. */
function twoBuilds(edit: Parameters<typeof sources>[0], first: Parameters<typeof sources>[0] = {}) {
	const before = compileContent(sources({ articles: [A, B], ...first }), { now: T1 });
	const history = parseHistory(formatHistory(before.history));
	const after = compileContent(sources({ articles: [A, B], ...first, ...edit, history }), { now: T2 });
	return { before: changes(before), after: changes(after) };
}

/** The keys whose time moved to T2. */
const moved = ({ after }: { after: Record<string, string> }) =>
	Object.keys(after)
		.filter((key) => after[key] === at(T2))
		.sort();

describe("the history of feed changes (what Last-Modified is never earlier than)", () => {
	it("records the build's clock for every feed on the first build", () => {
		const { before } = twoBuilds({});
		expect(new Set(Object.values(before))).toEqual(new Set([at(T1)]));
	});

	it("keeps every time when nothing changed, however much later the next build runs", () => {
		const result = twoBuilds({});
		expect(result.after).toEqual(result.before);
	});

	it("moves the site's and the tagged people's feeds when an article is added with an older date", () => {
		const old = article("c.md", "title: C\ndate: 2019-01-01\n", "Joe Russo, long ago.\n");
		expect(moved(twoBuilds({ articles: [A, B, old] }))).toEqual(["content", "person/joe-russo", "site"]);
	});

	it("moves a feed when an existing article is newly tagged through a new alias", () => {
		const people = PEOPLE.replace("  name: Anthony Russo\n", "  name: Anthony Russo\n  aliases: [Tony]\n");
		// B now also lists Anthony Russo, so its revision changes in every feed that lists it.
		expect(moved(twoBuilds({ people: { path: "content/people.yaml", text: people } }))).toEqual([
			"content",
			"film/extraction",
			"person/anthony-russo",
			"person/chris-hemsworth",
			"site",
		]);
	});

	it("moves the site feed past its newest item when an article dated earlier the same day is added", () => {
		const morning = article("m.md", "title: M\ndate: 2026-11-30T06:00:00Z\n", "Extraction news.\n");
		const nine = article("n.md", "title: N\ndate: 2026-11-30T09:00:00Z\n", "More Extraction news.\n");
		const result = twoBuilds({ articles: [A, B, morning, nine] }, { articles: [A, B, morning] });
		// The newest item is still 06:00, yet the feed changed at 15:00: a reader that polled at
		// noon with If-Modified-Since must get the new item.
		expect(result.after.site).toBe(at(T2));
		expect(result.after["film/extraction"]).toBe(at(T2));
		expect(result.after["person/joe-russo"]).toBe(at(T1));
	});

	it("moves every feed when the code that renders them changes, in one record of the history", () => {
		const before = compileContent(sources({ articles: [A, B] }), { now: T1, codeRev: "one" });
		const after = compileContent(sources({ articles: [A, B], history: before.history }), { now: T2, codeRev: "two" });
		expect(new Set(Object.values(changes(after)))).toEqual(new Set([at(T2)]));
		const moved = Object.keys(after.history).filter((key) => after.history[key]?.changed === at(T2));
		expect(moved).toEqual(["revision"]);
	});

	it("reads an unreadable history as none, and writes one that reads back", () => {
		expect(parseHistory("{ not json")).toEqual({});
		expect(parseHistory('{"feeds": {"site": {"fingerprint": 1, "changed": "x"}}}')).toEqual({});
		const { history } = compileContent(sources({ articles: [A, B] }), { now: T1 });
		expect(parseHistory(formatHistory(history))).toEqual(history);
	});
});
