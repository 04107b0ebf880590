import { describe, expect, it } from "vitest";
import { ARTICLES, get, ORIGIN, select } from "./helpers.ts";

const page = async (path: string) => {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
	return res.text();
};

const alternates = (html: string) =>
	[...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"/g)].map((m) => m[3]);

describe("every page", () => {
	const paths = [
		"/",
		"/people",
		"/films",
		"/people/joe-russo",
		"/films/extraction-2",
		"/films/the-simpsons",
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

describe("the home page", () => {
	it("lists the latest articles, people and films with counts, and the site feeds", async () => {
		const html = await page("/");
		for (const slug of Object.values(ARTICLES)) expect(html).toContain(`href="/articles/${slug}"`);
		expect(html).toContain('<a href="/people/anthony-russo">Anthony Russo</a> <span class="count">(2 articles)</span>');
		expect(html).toContain('<a href="/films/cherry">Cherry (2021)</a> <span class="count">(1 article)</span>');
		expect(html).toContain(`value="${ORIGIN}/feed.json"`);
	});
});

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

describe("article pages", () => {
	it("link the people and films they mention, and advertise their feeds", async () => {
		const html = await page(`/articles/${ARTICLES.interview}`);
		expect(html).toContain('<a href="/people/tom-holland">Tom Holland</a>');
		expect(html).toContain('<a href="/films/the-simpsons">The Simpsons</a>');
		expect(alternates(html)).toContain(`${ORIGIN}/feed/film/cherry.atom`);
		expect(alternates(html)).not.toContain(`${ORIGIN}/feed/person/rudhraksh-jaiswal.atom`);
	});
});

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
		// A series has no feed: the site's come first there.
		expect((await advertised("/films/the-simpsons"))[0]).toBe(`${ORIGIN}/feed.xml`);
	});

	it("lists only the entity's feeds on its embed page, and the site feed first on an article", async () => {
		expect((await advertised("/embed/person/tom-holland"))[0]).toBe(`${ORIGIN}/feed/person/tom-holland.xml`);
		expect((await advertised("/embed/person/tom-holland")).every((u) => u?.includes("tom-holland"))).toBe(true);
		expect((await advertised(`/articles/${ARTICLES.interview}`))[0]).toBe(`${ORIGIN}/feed.xml`);
	});
});

describe("the embed page's theme", () => {
	it("is light by default, and dark or the visitor's system when the embedder asks", async () => {
		const theme = async (query: string) =>
			(await select(await page(`/embed/person/tom-holland${query}`), "html"))[0]?.attrs["data-theme"];
		expect(await theme("")).toBe("light");
		expect(await theme("?theme=dark")).toBe("dark");
		expect(await theme("?theme=auto")).toBe("auto");
		const tags = await Promise.all(
			["", "?theme=dark", "?theme=auto", "?theme=light"].map(async (q) =>
				(await get(`/embed/person/tom-holland${q}`)).headers.get("etag"),
			),
		);
		expect(new Set(tags.slice(0, 3)).size).toBe(3);
		expect(tags[3]).toBe(tags[0]);
	});

	it("answers a theme it does not know with a 400 page that names the three", async () => {
		const res = await get("/embed/person/tom-holland?theme=purple");
		expect(res.status).toBe(400);
		expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
		expect((await select(await res.text(), "main p"))[0]?.text).toBe(
			'theme must be light, dark, auto (default light); "purple" is not one.',
		);
	});

	it("is offered in the snippet's explanation", async () => {
		// That the snippets show whole is checked in Chromium (test/browser), where it can be seen.
		const html = await page("/people/joe-russo");
		expect(html).toContain("<code>?theme=dark</code>");
		expect(html).toContain("<code>?theme=auto</code>");
	});
});
