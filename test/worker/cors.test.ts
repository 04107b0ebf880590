import { describe, expect, it } from "vitest";
import { get, ORIGIN } from "./helpers.ts";

const CORS = {
	"access-control-allow-origin": "*",
	"access-control-expose-headers": "ETag, Last-Modified, Link",
	"x-content-type-options": "nosniff",
};

function expectCommonHeaders(res: Response, what: string) {
	for (const [name, value] of Object.entries(CORS)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
}

describe("CORS and nosniff", () => {
	it("are on every response: feeds, 304s, errors, redirects, pages, preflights", async () => {
		const etag = (await get("/feed.json")).headers.get("etag") as string;
		const cases: [string, RequestInit | undefined, number][] = [
			["/feed.json", undefined, 200],
			["/feed.xml", { headers: { origin: "https://embedder.example" } }, 200],
			["/feed.json", { headers: { "if-none-match": etag } }, 304],
			["/feed/person/nobody.json", undefined, 404],
			["/feed.json?limit=0", undefined, 400],
			["/feed.json", { method: "POST" }, 405],
			["/feed/person/joe-russo", undefined, 302],
			["/FEED.XML", undefined, 301],
			["/", undefined, 200],
			["/articles/joe-russo-talks-extraction", undefined, 200],
			[
				"/feed.json",
				{ method: "OPTIONS", headers: { origin: "https://x.example", "access-control-request-method": "GET" } },
				204,
			],
		];
		for (const [path, init, status] of cases) {
			const res = await get(path, init);
			expect(res.status, path).toBe(status);
			expectCommonHeaders(res, `${init?.method ?? "GET"} ${path}`);
		}
	});

	it("answer a preflight with the allowed methods, the requested headers and a max age", async () => {
		const res = await get("/feed/person/joe-russo.json", {
			method: "OPTIONS",
			headers: {
				origin: "https://embedder.example",
				"access-control-request-method": "GET",
				"access-control-request-headers": "if-none-match, x-requested-with",
			},
		});
		expect(res.status).toBe(204);
		expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
		expect(res.headers.get("access-control-allow-headers")).toBe("if-none-match, x-requested-with");
		expect(res.headers.get("access-control-max-age")).toBe("86400");
	});
});

describe("methods", () => {
	it("answer anything but GET, HEAD and OPTIONS with 405 and Allow, in the format asked for", async () => {
		for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
			const json = await get("/feed.json", { method });
			expect(json.status).toBe(405);
			expect(json.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
			expect(await json.json<any>()).toMatchObject({ status: 405, title: "Method Not Allowed" });
			const text = await get("/feed.xml", { method });
			expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
			expect(await text.text()).toContain(`${method} is not allowed here`);
		}
	});
});

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

describe("did you mean", () => {
	it("suggests both Russos for /feed/person/russo.json", async () => {
		const problem = await (await get("/feed/person/russo.json")).json<any>();
		expect(problem.suggestions).toEqual(["anthony-russo", "joe-russo"]);
		expect(problem.detail).toContain("Did you mean anthony-russo or joe-russo?");
	});

	it("suggests joe-russo for a typo, and hemsworth for an alias, in plain text for XML", async () => {
		expect((await (await get("/feed/person/joe-rusoo.json")).json<any>()).suggestions).toEqual(["joe-russo"]);
		const text = await (await get("/feed/person/hemsworth.xml")).text();
		expect(text).toContain("Did you mean chris-hemsworth?");
		expect((await (await get("/feed/film/avengers.json")).json<any>()).suggestions).toEqual([
			"avengers-endgame",
			"avengers-infinity-war",
		]);
	});

	it("answers a JSON client with problem+json even on an XML URL", async () => {
		const res = await get("/feed/person/nobody.xml", { headers: { accept: "application/problem+json" } });
		expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
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
