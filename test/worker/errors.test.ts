import { describe, expect, it } from "vitest";
import { get } from "./helpers.ts";

describe("unknown feeds", () => {
	it("answer an unknown person's JSON feed with a 404 problem+json that lists the valid slugs", async () => {
		const res = await get("/feed/person/jo-russo.json");
		expect(res.status).toBe(404);
		expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
		const problem = await res.json<any>();
		expect(problem).toMatchObject({
			status: 404,
			title: "Not Found",
			instance: "/feed/person/jo-russo.json",
		});
		expect(problem.detail).toContain('There is no person "jo-russo"');
		expect(problem.valid_slugs).toContain("joe-russo");
		expect(problem.valid_slugs).toContain("tom-holland");
	});

	it("answer an unknown film's RSS feed with a plain-text 404 that names the valid slugs", async () => {
		const res = await get("/feed/film/extraction-3.xml");
		expect(res.status).toBe(404);
		expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
		const body = await res.text();
		expect(body).toContain('There is no film "extraction-3"');
		expect(body).toContain("extraction-2");
		expect(body).toContain("Films with feeds: extraction, extraction-2");
	});

	it("explain that a series has no film feed, though it is in the registry", async () => {
		const res = await get("/feed/film/the-simpsons.atom");
		expect(res.status).toBe(404);
		expect(await res.text()).toContain("The Simpsons is a series, and only films have film feeds");
	});

	it("do not treat a person's slug as a film, or a film's as a person", async () => {
		expect((await get("/feed/film/joe-russo.json")).status).toBe(404);
		expect((await get("/feed/person/extraction.json")).status).toBe(404);
	});

	it("name the feed extensions when the extension is not one", async () => {
		const res = await get("/feed/person/joe-russo.rss");
		expect(res.status).toBe(404);
		expect(await res.text()).toContain(".xml (RSS), .atom (Atom), .json (JSON Feed)");
		expect((await get("/feed.txt")).status).toBe(404);
		expect((await get("/feeds.xml")).status).toBe(404);
	});
});

describe("unknown pages", () => {
	it("answer an unknown article with a 404, never a 500", async () => {
		const res = await get("/articles/no-such-article");
		expect(res.status).toBe(404);
		expect(await res.text()).toContain('There is no article "no-such-article"');
		expect((await get("/nowhere")).status).toBe(404);
	});
});
