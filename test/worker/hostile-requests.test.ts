import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { canonicalPath } from "../../src/http/canonical.ts";
import { matchesEntityTag } from "../../src/http/conditional.ts";
import { feedStats } from "../../src/http/feeds.ts";
import { invalidHost } from "../../src/http/guards.ts";
import { PATHOLOGICAL } from "../pathological.ts";
import { get, ORIGIN } from "./helpers.ts";

beforeEach(() => feedStats.memo.clear());

describe("pathological request input", () => {
	it("is answered correctly whatever a header holds", async () => {
		const { etag } = { etag: (await get("/feed.atom")).headers.get("etag") as string };
		for (const value of PATHOLOGICAL.ifNoneMatch) {
			const res = await get("/feed.atom", { headers: { "if-none-match": value } });
			expect(res.status, JSON.stringify(value.slice(0, 20))).toBe(200);
			// A real tag after the junk still matches.
			const padded = await get("/feed.atom", { headers: { "if-none-match": `${value.replace(/"/g, "")}, ${etag}` } });
			expect(padded.status).toBe(304);
		}
		for (const value of PATHOLOGICAL.ifModifiedSince)
			expect((await get("/feed.atom", { headers: { "if-modified-since": value } })).status).toBe(200);
		for (const value of PATHOLOGICAL.accept)
			expect((await get("/feed", { headers: { accept: value } })).status).toBe(302);
	});

	it("is answered with a redirect or a 4xx whatever the path or query holds", async () => {
		for (const path of PATHOLOGICAL.path) expect((await get(path)).status, path.slice(0, 30)).toBe(301);
		for (const path of PATHOLOGICAL.missing) {
			const res = await get(path);
			expect(res.status, path.slice(0, 30)).toBe(404);
			// The page names the path's slug, cut short: no 2 KB echoes.
			expect((await res.text()).length).toBeLessThan(4000);
		}
		for (const search of PATHOLOGICAL.query) {
			const res = await get(`/feed.json${search}`);
			expect(res.status, search.slice(0, 30)).toBe(400);
		}
	});

	it("matches If-None-Match as RFC 9110 lists it: *, or any member by weak comparison", () => {
		const tag = '"abcdefghij0123456789_-"';
		for (const value of [tag, "*", " * ", `"a", W/${tag}`, `W/"x" , ${tag} ,"y"`, `${" ".repeat(8000)}${tag}`])
			expect(matchesEntityTag(value, tag), value.slice(0, 30)).toBe(true);
		for (const value of [
			'"a"',
			`W/"abcdefghij0123456789_"`,
			"**",
			'"*"',
			" ".repeat(8000),
			",".repeat(8000),
			"",
			`${tag.slice(0, -2)}"`,
		])
			expect(matchesEntityTag(value, tag), value.slice(0, 30)).toBe(false);
	});
});

describe("canonical paths", () => {
	it("are what the path means, in one form", () => {
		expect(canonicalPath("/Feed/Person/Joe%2drusso.JSON/")).toBe("/feed/person/joe-russo.json");
		expect(canonicalPath("/people/%C3%A9")).toBe("/people/%c3%a9");
		expect(canonicalPath("/a%2Fb%7e%7E%5f%41")).toBe("/a%2fb~~_a");
		expect(canonicalPath("/a%2fb")).toBe("/a%2fb");
		expect(canonicalPath("///")).toBe("/");
		expect(canonicalPath("/")).toBe("/");
		expect(canonicalPath("/%zz%4")).toBe("/%zz%4");
	});

	it("are canonical: the canonical form of a canonical path is itself", () => {
		const char = fc.constantFrom("/", "a", "Z", "-", ".", "~", "%", "2", "D", "f", "F", "é", "_");
		fc.assert(
			fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
				const once = canonicalPath(`/${chars.join("")}`);
				expect(canonicalPath(once)).toBe(once);
			}),
			{ numRuns: 2000, seed: 7 },
		);
	});
});

describe("a URL that does not parse", () => {
	it("is a 400 that says why, with CORS, never a 500", () => {
		const problem = invalidHost("http://exa mple/feed.xml", "exa mple");
		expect(problem?.status).toBe(400);
		expect(problem?.detail).toContain("Host header");
		expect(invalidHost(`${ORIGIN}/feed.xml`, "reelfeed.test")).toBeUndefined();
		expect(invalidHost(`${ORIGIN}/feed.xml`, "reelfeed.test:8787")).toBeUndefined();
		expect(invalidHost(`${ORIGIN}/feed.xml`, "[::1]:8787")).toBeUndefined();
		for (const host of ["a/b", "u@h", "a b", "a?b", "a#b"])
			expect(invalidHost(`${ORIGIN}/feed.xml`, host)?.status, host).toBe(400);
	});
});

describe("query variants", () => {
	it("cannot grow the memo or renders past the number of distinct answers", async () => {
		const renders = feedStats.renders;
		const before = feedStats.memo.size;
		// 300 instants, to the millisecond, over the fixtures' whole range and past it: four
		// distinct answers (after each of three updates, and none).
		for (let i = 0; i < 300; i++) {
			const ms = Date.parse("2020-04-01T00:00:00Z") + i * 3_600_000 * 3 + (i % 1000);
			expect((await get(`/feed.json?since=${new Date(ms).toISOString()}`)).status).toBe(200);
		}
		expect(feedStats.renders - renders).toBeLessThanOrEqual(4);
		expect(feedStats.memo.size - before).toBeLessThanOrEqual(4);
	});

	it("make a cursor that names no article a 400 that says so, not a new page", async () => {
		const before = feedStats.memo.size;
		for (let i = 0; i < 50; i++) {
			// Real dates, some of them an article's, with made-up slugs.
			const res = await get(`/feed.json?before=2020-05-0${1 + (i % 5)}T00:00:00Z~made-up-${i}`);
			expect(res.status).toBe(400);
			expect((await res.json<any>()).invalid_params).toEqual([
				{ name: "before", reason: expect.stringContaining("names no article") },
			]);
		}
		expect(feedStats.memo.size).toBe(before);
	});
});

describe("never a 500", () => {
	it("answers odd requests with a 4xx and no stack trace", async () => {
		for (const path of [
			"/feed/person/.json",
			"/feed/person/%00.json",
			"/feed/person/..%2f..%2fetc.json",
			"/feed/robot/x.json",
			"/articles/",
			"/%E2%82%AC",
			"/feed.json?limit=99999999999999999999",
			"/feed.json?before=~",
		]) {
			const res = await get(path);
			expect(res.status, path).toBeGreaterThanOrEqual(300);
			expect(res.status, path).toBeLessThan(500);
			expect(await res.text(), path).not.toMatch(/at \w+ \(|Error:/);
		}
	});
});

describe("request-size guards", () => {
	it("answer a URL over 2 KB with 414, before any work", async () => {
		const res = await get(`/feed.json?utm=${"x".repeat(2100)}`);
		expect(res.status).toBe(414);
		expect((await res.json<any>()).title).toBe("URI Too Long");
	});

	it("answer a header value over 8 KB with 431, even for a feed already in the memo", async () => {
		expect((await get("/feed.xml")).status).toBe(200);
		const res = await get("/feed.xml", { headers: { "x-filler": "y".repeat(9000) } });
		expect(res.status).toBe(431);
		expect(await res.text()).toContain("The x-filler header is 9000 bytes");
		expect(res.headers.get("access-control-allow-origin")).toBe("*");
	});

	it("answer more than 100 header fields with 431, and accept 100", async () => {
		const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-field-${i}`, "v"]));
		expect((await get("/feed.xml")).status).toBe(200);
		const tooMany = await get("/feed.xml", { headers: fields(101) });
		expect(tooMany.status).toBe(431);
		expect(await tooMany.text()).toContain("At most 100 header fields");
		// These requests carry no other fields, so 100 is exactly the limit.
		expect((await get("/feed.xml", { headers: fields(100) })).status).toBe(200);
	});

	it("leave ordinary requests alone", async () => {
		expect((await get(`/feed.json?utm=${"x".repeat(1000)}`, { headers: { cookie: "c".repeat(4000) } })).status).toBe(
			200,
		);
	});
});
