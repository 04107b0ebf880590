import { describe, expect, it } from "vitest";
import { ENTITY_TYPE_NAMES } from "../../src/content/index.ts";
import { get, select } from "./helpers.ts";

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

	it("explain that a game has no film feed, though it is in the registry", async () => {
		const res = await get("/feed/film/magic-the-gathering.atom");
		expect(res.status).toBe(404);
		expect(await res.text()).toContain("Magic: The Gathering is a game, and only films have film feeds");
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
	it("are HTML pages in the site's layout, with suggestions and a way on, whatever the client accepts", async () => {
		for (const accept of ["text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "*/*", ""]) {
			const res = await get("/people/joe-rusoo", { headers: accept ? { accept } : {} });
			expect(res.status, accept).toBe(404);
			expect(res.headers.get("content-type"), accept).toBe("text/html; charset=utf-8");
			expect(res.headers.get("cache-control")).toBe("no-store");
			expect(res.headers.get("access-control-allow-origin")).toBe("*");
			const html = await res.text();
			expect((await select(html, "h1"))[0]?.text).toBe("Not Found");
			expect((await select(html, "main p"))[0]?.text).toContain(
				'There is no person "joe-rusoo". Did you mean joe-russo?',
			);
			const links = (await select(html, "main a")).map((a) => [a.attrs.href, a.text]);
			expect(links[0]).toEqual(["/people/joe-russo", "Joe Russo"]);
			expect(links.map(([href]) => href)).toEqual(expect.arrayContaining(["/", "/people", "/films", "/series"]));
			// The home page, and each type's directory.
			expect((await select(html, "header nav a")).length).toBe(1 + ENTITY_TYPE_NAMES.length);
		}
	});

	it("suggest films for a film page, and give programs the same suggestions as JSON", async () => {
		const html = await (await get("/films/extracton")).text();
		expect((await select(html, "main ul a")).map((a) => a.attrs.href)).toContain("/films/extraction");
		const json = await get("/films/extracton", { headers: { accept: "application/json" } });
		expect(json.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
		expect((await json.json<any>()).suggestions).toContain("extraction");
	});

	it("suggest the nearest recent articles for a mistyped article link", async () => {
		const res = await get("/articles/joe-russo-talks-extracton");
		expect(res.status).toBe(404);
		const links = await select(await res.text(), "main ul a");
		expect(links[0]).toMatchObject({ attrs: { href: "/articles/joe-russo-talks-extraction" } });
		expect(links[0]?.text).toContain("Writer-Producer Joe Russo Talks Netflix");
	});

	it("answer an unknown article or path with a 404 page, never a 500", async () => {
		const res = await get("/articles/no-such-article");
		expect(res.status).toBe(404);
		expect(await res.text()).toContain("There is no article &quot;no-such-article&quot;");
		const nowhere = await get("/nowhere");
		expect(nowhere.status).toBe(404);
		expect(nowhere.headers.get("content-type")).toBe("text/html; charset=utf-8");
	});

	it("answer a browser's unknown feed with a page too, and a reader's with text", async () => {
		const browser = await get("/feed/person/joe-rusoo.xml", { headers: { accept: "text/html,*/*;q=0.8" } });
		expect(browser.headers.get("content-type")).toBe("text/html; charset=utf-8");
		expect((await select(await browser.text(), "main ul a"))[0]?.attrs.href).toBe("/people/joe-russo");
		const reader = await get("/feed/person/joe-rusoo.xml", { headers: { accept: "application/rss+xml, */*;q=0.1" } });
		expect(reader.headers.get("content-type")).toBe("text/plain; charset=utf-8");
	});
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
