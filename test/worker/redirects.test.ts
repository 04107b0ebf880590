import { describe, expect, it } from "vitest";
import { get, ORIGIN } from "./helpers.ts";

describe("feed URLs without an extension", () => {
	const cases: [string | undefined, string][] = [
		[undefined, "xml"],
		["*/*", "xml"],
		["text/html,application/xhtml+xml,*/*;q=0.8", "xml"],
		["application/feed+json", "json"],
		["application/json", "json"],
		["application/atom+xml", "atom"],
		["application/atom+xml;q=0.5, application/feed+json;q=0.9", "json"],
		["application/rss+xml, application/atom+xml;q=0.9", "xml"],
	];
	for (const [accept, ext] of cases) {
		it(`redirect to .${ext} for Accept: ${accept ?? "(none)"}`, async () => {
			const res = await get("/feed/person/joe-russo?limit=5", accept ? { headers: { accept } } : undefined);
			expect(res.status).toBe(302);
			expect(res.headers.get("location")).toBe(`${ORIGIN}/feed/person/joe-russo.${ext}?limit=5`);
			expect(res.headers.get("vary")).toBe("Accept");
		});
	}

	it("work for films and the site feed, and 404 for an unknown slug", async () => {
		expect((await get("/feed/film/extraction-2")).headers.get("location")).toBe(`${ORIGIN}/feed/film/extraction-2.xml`);
		expect((await get("/feed", { headers: { accept: "application/feed+json" } })).headers.get("location")).toBe(
			`${ORIGIN}/feed.json`,
		);
		expect((await get("/feed/person/nobody")).status).toBe(404);
	});
});

describe("canonical URLs", () => {
	const cases: [string, string][] = [
		["/FEED.XML", "/feed.xml"],
		["/Feed/Person/Joe-Russo.JSON?limit=5", "/feed/person/joe-russo.json?limit=5"],
		["/feed/film/extraction-2.atom/", "/feed/film/extraction-2.atom"],
		["/articles/Joe-Russo-Talks-Extraction/", "/articles/joe-russo-talks-extraction"],
		["/feed.json//", "/feed.json"],
		// Percent-encoded unreserved characters are those characters (RFC 3986 § 6.2.2.2).
		["/feed/person/joe%2Drusso.json", "/feed/person/joe-russo.json"],
		["/feed/person/%4A%6F%65-russo.json", "/feed/person/joe-russo.json"],
		["/people/joe%2drusso", "/people/joe-russo"],
		["/feed%2Exml", "/feed.xml"],
		// Runs of slashes are one.
		["//feed.xml", "/feed.xml"],
		["/feed//person///joe-russo.atom", "/feed/person/joe-russo.atom"],
	];
	for (const [from, to] of cases) {
		it(`redirect ${from} to ${to} with a 301 on the same origin`, async () => {
			const res = await get(from);
			expect(res.status).toBe(301);
			expect(res.headers.get("location")).toBe(`${ORIGIN}${to}`);
			expect((await get(to)).status).toBe(200);
		});
	}
});
