import { describe, expect, it } from "vitest";
import { ENTITY_TYPE_NAMES, isByline, schemaTypeOf } from "../../src/content/index.ts";
import { paths } from "../../src/feeds/index.ts";
import { ARTICLES, get, ORIGIN, select, served, visible } from "./helpers.ts";

/** The JSON-LD blocks of a page, parsed. */
async function jsonLd(path: string): Promise<Record<string, any>[]> {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	const blocks = await select(await res.text(), 'script[type="application/ld+json"]');
	return blocks.map((b) => JSON.parse(b.text));
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Every URL in a node answers 200 on this site (or is elsewhere). */
async function urlsAnswer(node: unknown): Promise<void> {
	const urls = JSON.stringify(node).match(/"(?:url|mainEntityOfPage)":"([^"]+)"/g) ?? [];
	for (const m of urls) {
		const url = (m.split('":"')[1] as string).slice(0, -1);
		if (url.startsWith(ORIGIN)) expect((await served(url.slice(ORIGIN.length))).status, url).toBe(200);
	}
}

describe("structured data (schema.org JSON-LD)", () => {
	it("describes the home page as the WebSite, with its publisher", async () => {
		const [site] = await jsonLd(paths.home());
		expect(site).toMatchObject({ "@context": "https://schema.org", "@type": "WebSite", url: `${ORIGIN}/` });
		expect(site?.publisher).toMatchObject({ "@type": "Organization", name: site?.name });
		expect(site?.publisher.logo).toMatchObject({ "@type": "ImageObject", width: 512, height: 512 });
		expect((await get(site?.publisher.logo.url.slice(ORIGIN.length))).headers.get("content-type")).toBe("image/png");
		await urlsAnswer(site);
	});

	it("describes an article as a NewsArticle: headline, dates, author, publisher, and what it is about", async () => {
		const article = visible().findArticle(ARTICLES.deal);
		if (!article) throw new Error("fixture article missing");
		const [data] = await jsonLd(paths.article(article.slug));
		expect(data).toMatchObject({
			"@context": "https://schema.org",
			"@type": "NewsArticle",
			headline: article.title,
			datePublished: article.date,
			dateModified: article.updated,
			mainEntityOfPage: `${ORIGIN}${paths.article(article.slug)}`,
		});
		expect(data?.datePublished).toMatch(ISO);
		// Its bylines, each with their page here.
		expect(data?.author).toEqual([
			{ "@type": "Person", name: "Mara Lindqvist", url: `${ORIGIN}/authors/mara-lindqvist` },
		]);
		expect(data?.publisher["@type"]).toBe("Organization");
		expect(data?.about.map((a: { "@type": string; name: string }) => [a["@type"], a.name])).toEqual(
			article.entities
				.filter((ref) => !isByline(ref.type))
				.map((ref) => {
					const e = visible()
						.entitiesOf(ref.type)
						.find((x) => x.slug === ref.slug);
					return [schemaTypeOf(ref.type, e?.kind ?? ""), e?.name];
				}),
		);
		expect(data?.about.map((a: { "@type": string }) => a["@type"])).toEqual(
			expect.arrayContaining(["Person", "Movie"]),
		);
		await urlsAnswer(data);
	});

	it("describes each entity page as the entity, typed by its kind (Person, Movie, TVSeries…)", async () => {
		const seen = new Set<string>();
		for (const type of ENTITY_TYPE_NAMES)
			for (const e of visible().entitiesOf(type)) {
				const [data] = await jsonLd(paths.entity(type, e.slug));
				expect(data, e.slug).toMatchObject({
					"@context": "https://schema.org",
					"@type": schemaTypeOf(type, e.kind),
					name: e.name,
					url: `${ORIGIN}${paths.entity(type, e.slug)}`,
				});
				seen.add(data?.["@type"]);
			}
		expect([...seen]).toEqual(expect.arrayContaining(["Person", "Movie", "TVSeries"]));
	});

	it("cannot be closed early by a value: no raw < in the block", async () => {
		const html = await (await get(paths.article(ARTICLES.deal))).text();
		const block = html.slice(html.indexOf('<script type="application/ld+json">'));
		const body = block.slice(block.indexOf(">") + 1, block.indexOf("</script>"));
		expect(body).not.toContain("<");
	});

	it("links an author's own page, on theirs and in their data", async () => {
		const [data] = await jsonLd(paths.entity("author", "mara-lindqvist"));
		expect(data).toMatchObject({ "@type": "Person", sameAs: "https://example.org/mara" });
		const html = await (await get(paths.entity("author", "mara-lindqvist"))).text();
		expect((await select(html, 'main a[href="https://example.org/mara"]')).length).toBe(1);
	});
});
