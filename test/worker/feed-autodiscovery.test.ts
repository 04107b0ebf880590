import { describe, expect, it } from "vitest";
import { ARTICLES, ORIGIN, page, select } from "./helpers.ts";

describe("feed autodiscovery", () => {
	/** The alternates a page advertises, in order, as a reader given the page sees them. */
	const advertised = async (path: string) =>
		(await select(await page(path), 'link[rel="alternate"]')).map((l) => l.attrs.href);

	it("lists an entity's own feeds first on its page, RSS first, then the site's", async () => {
		expect(await advertised("/people/joe-russo")).toEqual([
			`${ORIGIN}/feed/person/joe-russo.xml`,
			`${ORIGIN}/feed/person/joe-russo.atom`,
			`${ORIGIN}/feed/person/joe-russo.json`,
			`${ORIGIN}/feed.xml`,
			`${ORIGIN}/feed.atom`,
			`${ORIGIN}/feed.json`,
		]);
		expect((await advertised("/films/extraction-2"))[0]).toBe(`${ORIGIN}/feed/film/extraction-2.xml`);
		// A game has no feed: the site's come first there; a series has its own.
		expect((await advertised("/films/magic-the-gathering"))[0]).toBe(`${ORIGIN}/feed.xml`);
		expect((await advertised("/series/the-simpsons"))[0]).toBe(`${ORIGIN}/feed/series/the-simpsons.xml`);
	});

	it("lists only the entity's feeds on its embed page, and the site feed first on an article", async () => {
		expect((await advertised("/embed/person/tom-holland"))[0]).toBe(`${ORIGIN}/feed/person/tom-holland.xml`);
		expect((await advertised("/embed/person/tom-holland")).every((u) => u?.includes("tom-holland"))).toBe(true);
		expect((await advertised(`/articles/${ARTICLES.interview}`))[0]).toBe(`${ORIGIN}/feed.xml`);
	});
});
