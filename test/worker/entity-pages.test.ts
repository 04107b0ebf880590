import { describe, expect, it } from "vitest";
import { alternates, ORIGIN, page } from "./helpers.ts";

describe("entity pages", () => {
	it("advertise the entity's feeds, offer them to copy with labels, and show both embed snippets", async () => {
		const html = await page("/people/joe-russo");
		expect(alternates(html)).toEqual(
			expect.arrayContaining([`${ORIGIN}/feed/person/joe-russo.xml`, `${ORIGIN}/feed/person/joe-russo.json`]),
		);
		for (const f of ["rss", "atom", "json"]) {
			expect(html).toContain(`<label for="feeds-${f}">`);
			expect(html).toContain(`data-copy="feeds-${f}"`);
		}
		expect(html).toContain("New to feeds?");
		expect(html).toContain(
			`&lt;reelfeed-list src=&quot;${ORIGIN}/feed/person/joe-russo.json&quot; limit=&quot;5&quot;&gt;`,
		);
		expect(html).toContain(`&lt;iframe src=&quot;${ORIGIN}/embed/person/joe-russo&quot;`);
		expect(html).toContain('<script src="/assets/copy.js" defer="">');
	});

	it("say that a game has no feed, and offer none", async () => {
		const html = await page("/films/magic-the-gathering");
		expect(html).toContain("Only films have feeds; Magic: The Gathering is a game.");
		expect(html).not.toContain("/feed/film/magic-the-gathering");
	});

	it("give a series its own page and feeds, under its own URLs", async () => {
		const html = await page("/series/the-simpsons");
		expect(html).toContain("<h1>The Simpsons (1989)</h1>");
		for (const ext of ["xml", "atom", "json"]) expect(html).toContain(`${ORIGIN}/feed/series/the-simpsons.${ext}`);
	});
});
