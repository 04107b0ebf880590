import { describe, expect, it } from "vitest";
import { ARTICLES, alternates, get, ORIGIN, page } from "./helpers.ts";

describe("every page", () => {
	const paths = [
		"/",
		"/people",
		"/films",
		"/people/joe-russo",
		"/films/extraction-2",
		"/films/magic-the-gathering",
		"/series/the-simpsons",
		`/articles/${ARTICLES.deal}`,
	];

	it("has a title, description, canonical link, Open Graph tags, landmarks and the site feeds", async () => {
		for (const path of paths) {
			expect((await get(path)).headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
			const html = await page(path);
			expect(html, path).toMatch(/^<!DOCTYPE html><html lang="en">/);
			expect(html, path).toMatch(/<title>[^<]+<\/title>/);
			expect(html, path).toMatch(/<meta name="description" content="[^"]+"/);
			expect(html, path).toContain(`<link rel="canonical" href="${ORIGIN}${path}"/>`);
			for (const og of ["og:title", "og:description", "og:url", "og:type", "og:site_name"])
				expect(html, path).toContain(`property="${og}"`);
			for (const landmark of ["<header>", '<nav aria-label="Site">', '<main id="main">', "<footer>"])
				expect(html, path).toContain(landmark);
			expect(alternates(html), path).toEqual(
				expect.arrayContaining([`${ORIGIN}/feed.xml`, `${ORIGIN}/feed.atom`, `${ORIGIN}/feed.json`]),
			);
			// Headings in order: one h1, and no level skipped.
			const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
			expect(
				levels.filter((l) => l === 1),
				path,
			).toHaveLength(1);
			for (let i = 1; i < levels.length; i++) {
				expect((levels[i] as number) - (levels[i - 1] as number), path).toBeLessThanOrEqual(1);
			}
		}
	});
});
