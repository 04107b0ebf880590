import { describe, expect, it } from "vitest";
import { ARTICLES, ORIGIN, page } from "./helpers.ts";

describe("the home page", () => {
	it("lists the latest articles, people and films with counts, and the site feeds", async () => {
		const html = await page("/");
		for (const slug of Object.values(ARTICLES)) expect(html).toContain(`href="/articles/${slug}"`);
		expect(html).toContain('<a href="/people/anthony-russo">Anthony Russo</a> <span class="count">(2 articles)</span>');
		expect(html).toContain('<a href="/films/cherry">Cherry (2021)</a> <span class="count">(1 article)</span>');
		expect(html).toContain(`value="${ORIGIN}/feed.json"`);
	});
});
