import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContentProblem } from "../../scripts/compiler/errors.ts";
import { parseYaml, parseYamlFully, simpleFields } from "../../scripts/compiler/yaml-source.ts";

/** Every path the compiler might ask the line of, for the fields in `value` and a few that are not there. */
function pathsOf(value: unknown): PropertyKey[][] {
	const paths: PropertyKey[][] = [[], ["missing"], ["missing", 0]];
	if (value && typeof value === "object" && !Array.isArray(value))
		for (const [key, field] of Object.entries(value)) {
			paths.push([key], [key, 0], [key, "0"], [key, 7], [key, "x"], [key, 0, "deeper"]);
			if (Array.isArray(field)) for (let i = 0; i < field.length; i++) paths.push([key, i]);
		}
	return paths;
}

/** What the YAML library makes of `text` at line `first`: the value and the line of every path, or its problems. */
function byLibrary(text: string, first: number) {
	const problems: ContentProblem[] = [];
	const source = parseYamlFully("a.md", text, first, problems);
	return { source, problems };
}

// The pieces front matter is made of, the awkward ones included: what YAML reads as numbers,
// booleans or null, comments, indicators, quotes and escapes, colons, brackets, indentation.
const typical = fc.constantFrom(
	"Joe Russo",
	"brel-vun",
	"Extraction 2",
	"2022-02-27T16:56:59Z",
	"2020-05-04",
	"Fast & Furious",
	"Wait!",
	"a#b",
	"a:b",
	"é 𝕏",
);
const awkward = fc.constantFrom(
	"12",
	"-3",
	"+4.5",
	"1e3",
	"0x1F",
	"0o17",
	".inf",
	".nan",
	"~",
	"null",
	"True",
	"false",
	"yes",
	"a: b",
	"a:b",
	"a #b",
	"&anchor",
	"*alias",
	"!tag",
	"|",
	">",
	"%",
	"@at",
	"`tick",
	"- item",
	"-x",
	"?q",
	":c",
	"end:",
	"a, b",
	"[x]",
	"{y}",
	"Part [2]",
	"x{y}z",
	"it's",
	'say "hi"',
	"back\\slash",
	"tab\there",
	"",
	" ",
);
const word = fc.oneof({ weight: 5, arbitrary: typical }, { weight: 2, arbitrary: awkward });
const quoted = fc.oneof(
	word.map((w) => `"${w}"`),
	word.map((w) => `'${w}'`),
	word.map((w) => `'${w.replaceAll("'", "''")}'`),
);
const flow = fc
	.array(fc.oneof({ weight: 8, arbitrary: typical }, awkward, quoted), { maxLength: 4 })
	.chain((items) => fc.constantFrom(`[${items.join(", ")}]`, `[${items.join(",")}]`, `[ ${items.join(" ,  ")} ]`));
const value = fc.oneof(
	{ weight: 3, arbitrary: word },
	{ weight: 2, arbitrary: quoted },
	{ weight: 3, arbitrary: flow },
	fc.constantFrom("", "[]", "[ ]", "[a,]", "{a: b}", "[a] x", '"a" # c'),
);
const key = fc.oneof(
	{ weight: 8, arbitrary: fc.constantFrom("title", "date", "authors", "people", "source", "x_1") },
	fc.constantFrom("true", "null", "__proto__", "2", "é"),
);
// Distinct keys mostly (a key twice declines), each line a field, now and then a line that is not one.
const line = (k: string) =>
	fc.oneof(
		{ weight: 16, arbitrary: fc.tuple(fc.constantFrom(": ", ":  ", ":"), value).map(([sep, v]) => `${k}${sep}${v}`) },
		{ weight: 1, arbitrary: value.map((v) => `${k}: ${v} `) },
		fc.constantFrom(
			"",
			"# a comment",
			"  - indented",
			"  continued",
			"---",
			"\tx: y",
			"people:",
			"  add: [a]",
			"x: y\r",
		),
	);
const frontMatter = fc
	.uniqueArray(key, { maxLength: 5 })
	.chain((keys) => fc.tuple(...keys.map(line)))
	.map((lines) => lines.join("\n"));

describe("front matter read without the YAML library", () => {
	it("reads what the library reads, value and lines, wherever it does not decline", () => {
		let read = 0;
		fc.assert(
			fc.property(frontMatter, fc.integer({ min: 1, max: 5 }), (text, first) => {
				const fast = simpleFields(text, first);
				if (!fast) return;
				read++;
				const { source, problems } = byLibrary(text, first);
				expect(problems).toEqual([]);
				expect(fast.value).toEqual(source?.value);
				for (const path of pathsOf(source?.value))
					expect([path, fast.lineOf(path)]).toEqual([path, source?.lineOf(path)]);
			}),
			{ numRuns: 6000 },
		);
		// The generated cases are not all declined: a reader that always declines would pass the above.
		expect(read).toBeGreaterThan(400);
	});

	it("takes the front matter the corpus and most articles have, and declines the rest", () => {
		const typical =
			'title: "Bail Brend in talks for Cirist of Prainucar"\ndate: 2022-02-27T16:56:59Z\nauthors: [brel-vun, ann-lee]';
		const fast = simpleFields(typical, 2);
		expect(fast?.value).toEqual({
			title: "Bail Brend in talks for Cirist of Prainucar",
			date: "2022-02-27T16:56:59Z",
			authors: ["brel-vun", "ann-lee"],
		});
		expect([fast?.lineOf(["authors", 1]), fast?.lineOf(["date"]), fast?.lineOf(["nope"])]).toEqual([4, 3, 2]);
		for (const declined of [
			"title: x\n# why the date is this one\ndate: 2020-05-04",
			"people:\n  add: [anthony-russo]",
			"title: x\ntitle: y",
			'title: "a \\" b"',
			"year: 2020",
			"draft: true",
			"summary: >\n  folded",
		])
			expect(simpleFields(declined, 1)).toBeUndefined();
	});

	it("leaves what it declines to the library, problems and all", () => {
		const problems: ContentProblem[] = [];
		expect(parseYaml("a.md", 'title: "never closed\ndate: 2020-05-04', 2, problems)).toBeUndefined();
		expect(problems).toEqual([
			{ file: "a.md", line: 2, field: "", message: "YAML syntax: a quote opened here is never closed" },
		]);
		expect(parseYaml("a.md", "x: 1\nx: 2", 1, [])).toBeUndefined();
	});
});
