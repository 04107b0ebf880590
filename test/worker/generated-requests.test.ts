import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, inject, it } from "vitest";
import { get, ORIGIN, parseXml, select } from "./helpers.ts";

/**
 * Property-based tests over hostile requests: generated paths, slugs, query strings and headers.
 * Seeded and bounded; REELFEED_FUZZ_RUNS=5000 npm test runs them longer.
 */
const RUNS = inject("fuzzRuns");
const SEED = 20261123;
const jsonFeed = new Validator(jsonFeedSchema as object, "7");

const token = fc.oneof(
	fc.constantFrom(
		"feed",
		"feed.xml",
		"feed.atom",
		"feed.json",
		"feed.rss",
		"person",
		"film",
		"people",
		"films",
		"articles",
		"embed",
		"api",
		"assets",
		"people.json",
		"feeds.opml",
		"people.opml",
		"embed.js",
		"site.css",
	),
	fc.constantFrom(
		"joe-russo",
		"joe-russo.json",
		"Joe-Russo.XML",
		"extraction-2.atom",
		"the-simpsons",
		"joe-russo-talks-extraction",
		"nobody.json",
	),
	fc.constantFrom(
		"..",
		".",
		"%2e%2e",
		"%2F",
		"%00",
		"%",
		"%zz",
		"%E2%82%AC",
		"é",
		"𝕏",
		"\u202e",
		"joe%2Drusso.json",
		"%4A%4f%45-russo",
		"a b",
		"",
		"~",
		"*",
		"'\"<>",
	),
	fc.string({ maxLength: 12 }),
	fc.string({ minLength: 300, maxLength: 3000 }).map((s) => s.replace(/[/?#]/g, "x")),
);

const path = fc
	.array(token, { minLength: 1, maxLength: 5 })
	.chain((segments) => fc.boolean().map((slash) => `/${segments.join("/")}${slash ? "/" : ""}`));

const value = fc.oneof(
	fc.constantFrom(
		"0",
		"1",
		"-1",
		"20",
		"100",
		"101",
		"99999999999999999999",
		"abc",
		"",
		"2020-05-01",
		"2020-05-01T00:00:00Z",
		"2021-02-30",
		"yesterday",
		"joe-russo",
		"russo",
		"extraction-2",
		"the-simpsons",
		"~",
		"2020-05-05T00:00:00Z~joe-russo-returns-to-write-extraction-2",
		"%00",
		"é",
	),
	fc.string({ maxLength: 20 }),
);
const query = fc.array(
	fc.tuple(fc.constantFrom("limit", "person", "film", "since", "before", "utm_source", "x"), value),
	{ maxLength: 6 },
);

const headers = fc.record(
	{
		"if-none-match": fc.oneof(
			fc.constantFrom("*", '"x"', 'W/"x"', '"', "W/", ",,,", '"a", W/"b"', " ".repeat(8000), '"'.repeat(8000)),
			fc.string({ maxLength: 40 }),
		),
		"if-modified-since": fc.oneof(
			fc.constantFrom("Tue, 05 May 2020 00:00:00 GMT", "Thu, 01 Jan 2099 00:00:00 GMT", "yesterday", ""),
			fc.string({ maxLength: 30 }),
		),
		accept: fc.oneof(
			fc.constantFrom(
				"*/*",
				"application/feed+json",
				"application/atom+xml;q=0",
				"text/html;q=abc",
				"application/json, */*;q=0.1",
				",;=,",
			),
			fc.string({ maxLength: 40 }),
		),
		"sec-fetch-dest": fc.constantFrom("document", "empty", "iframe"),
		"x-long": fc.string({ minLength: 9000, maxLength: 10000 }),
	},
	{ requiredKeys: [] },
);

const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "DELETE", "PROPFIND");

/** Checks one response against what every response promises. */
async function checkResponse(res: Response, request: Request) {
	const status = res.status;
	expect(status, `${request.method} ${request.url}`).toBeLessThan(500);
	expect(res.headers.get("access-control-allow-origin")).toBe("*");
	expect(res.headers.get("x-content-type-options")).toBe("nosniff");
	const type = res.headers.get("content-type") ?? "";
	const body = request.method === "HEAD" ? "" : await res.text();
	if (status >= 300 && status < 400 && status !== 304) {
		const location = res.headers.get("location") ?? "";
		expect(new URL(location, request.url).origin, `redirect from ${request.url}`).toBe(new URL(request.url).origin);
		// A canonical URL is canonical: following the redirect does not redirect again.
		if (status === 301) expect((await get(location)).status, `${request.url} → ${location}`).not.toBe(301);
	} else if (status === 200 && request.method === "GET") {
		if (/rss\+xml|atom\+xml|application\/xml|x-opml/.test(type)) parseXml(body);
		else if (type.startsWith("application/feed+json")) expect(jsonFeed.validate(JSON.parse(body)).errors).toEqual([]);
		else if (type.startsWith("application/json") || type.startsWith("application/schema+json")) JSON.parse(body);
		else if (type.startsWith("text/html")) expect(body).toMatch(/^<!DOCTYPE html>/);
		else
			expect(type).toMatch(/^(?:text\/(css|javascript); charset=utf-8|image\/x-icon|image\/svg\+xml; charset=utf-8)$/);
	} else if (status >= 400 && request.method === "GET") {
		if (type.startsWith("application/problem+json"))
			expect(JSON.parse(body)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
		else if (type.startsWith("text/html")) {
			expect(body).toMatch(/^<!DOCTYPE html>/);
			expect((await select(body, "h1")).length).toBe(1);
		} else {
			expect(type).toBe("text/plain; charset=utf-8");
			expect(body.startsWith(`${status} `)).toBe(true);
		}
		expect(body).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
	}
}

describe("hostile requests", () => {
	it(
		"never get a 5xx; a 200 is a valid feed or page of its type; errors are well formed; redirects stay on the site",
		async () => {
			await fc.assert(
				fc.asyncProperty(method, path, query, headers, async (m, p, q, h) => {
					const search = q.length ? `?${q.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
					let request: Request;
					try {
						request = new Request(`${ORIGIN}${p}${search}`, { method: m, headers: h, redirect: "manual" });
					} catch {
						return; // not a URL or header a client could send
					}
					await checkResponse(await get(request.url, { method: m, headers: h }), request);
				}),
				{ numRuns: RUNS, seed: SEED },
			);
		},
		Math.max(10_000, RUNS * 20),
	);
});
