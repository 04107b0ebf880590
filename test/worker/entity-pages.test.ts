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

	it("say that a series has no feed, and offer none", async () => {
		const html = await page("/films/the-simpsons");
		expect(html).toContain("Only films have feeds; The Simpsons is a series.");
		expect(html).not.toContain("/feed/film/the-simpsons");
	});
});
