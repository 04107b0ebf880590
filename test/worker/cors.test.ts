import { describe, expect, it } from "vitest";
import { get } from "./helpers.ts";

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
