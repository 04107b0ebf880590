import { describe, expect, it } from "vitest";
import { ARTICLES, get, ORIGIN, page, parseXml, select, served, text } from "./helpers.ts";

/**
 * The fixtures' images (test/fixtures/content/images): a 1600 × 900 JPEG lead image
 * (hargrave-on-set.jpg, on ARTICLES.interview, with caption and credit), a remote 1280 × 720 lead
 * image given by URL (on ARTICLES.sequelOrPrequel, which also shows dhaka-bridge.jpg, 1000 × 600,
 * in its text), a 600 × 800 portrait of Joe Russo, a remote portrait of Chris Hemsworth, and a
 * 400 × 600 PNG poster of Extraction with transparent corners.
 */
const MRSS = "http://search.yahoo.com/mrss/";
const LOCAL = new RegExp(`^${ORIGIN}/images/[a-z0-9-]+\\.[0-9a-f]{10}\\.(jpg|png)$`);
const REMOTE_LEAD = "https://images.example.org/extraction-2/key-art.jpg";

/** A published image's pixel size, read from its own bytes (PNG IHDR, JPEG start of frame). */
function pixelSize(bytes: Uint8Array): { type: string; width: number; height: number } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(0) === 0x89504e47)
		return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
	if (view.getUint16(0) !== 0xffd8) throw new Error("neither PNG nor JPEG");
	for (let at = 2; at < bytes.length; ) {
		const marker = view.getUint16(at);
		const length = view.getUint16(at + 2);
		// SOF0 to SOF15, but DHT (C4), JPG (C8) and DAC (CC).
		if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker))
			return { type: "image/jpeg", height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
		at += 2 + length;
	}
	throw new Error("a JPEG with no frame");
}

/** Fetches a published image as a reader would and checks it is what the feed or page says it is. */
async function published(url: string, expected: { width: number; height: number; type?: string; bytes?: number }) {
	expect(url).toMatch(LOCAL);
	const res = await served(url.slice(ORIGIN.length));
	expect(res.status, url).toBe(200);
	// A URL names its bytes: cached for a year, never revalidated.
	expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
	const bytes = new Uint8Array(await res.arrayBuffer());
	const size = pixelSize(bytes);
	expect(res.headers.get("content-type")).toContain(size.type);
	expect({ width: size.width, height: size.height }).toEqual({ width: expected.width, height: expected.height });
	if (expected.type) expect(size.type).toBe(expected.type);
	if (expected.bytes !== undefined) expect(bytes.byteLength).toBe(expected.bytes);
}

const xml = async (path: string) => parseXml(await (await get(path)).text());
const json = async (path: string) => (await get(path)).json<any>();
const itemOf = (items: any[], slug: string, key: (i: any) => string) =>
	items.find((i) => key(i) === `${ORIGIN}/articles/${slug}`);

describe("lead images in the feeds", () => {
	it("RSS: Media RSS media:content and media:thumbnail, and the image first in the content", async () => {
		const doc = await xml("/feed.xml");
		expect(doc.rss["@xmlns:media"]).toBe(MRSS);
		const items: any[] = doc.rss.channel.item;
		const local = itemOf(items, ARTICLES.interview, (i) => text(i.link));
		const content = local["media:content"];
		expect(content["@medium"]).toBe("image");
		expect(content["@type"]).toBe("image/jpeg");
		expect([content["@width"], content["@height"]]).toEqual(["1200", "675"]);
		await published(content["@url"], {
			width: 1200,
			height: 675,
			type: "image/jpeg",
			bytes: Number(content["@fileSize"]),
		});
		expect(text(content["media:description"])).toBe("A film set at dusk, the crew gathered under a rig of lights");
		expect(content["media:description"]["@type"]).toBe("plain");
		expect(text(content["media:credit"])).toBe("Illustration: reelfeed test fixtures");
		const thumbnail = local["media:thumbnail"];
		expect([thumbnail["@width"], thumbnail["@height"]]).toEqual(["320", "180"]);
		await published(thumbnail["@url"], { width: 320, height: 180 });
		// For readers that ignore media: the same image, with its alt text and size, and its caption.
		const [figure] = await select(text(local["content:encoded"]), "figure:first-child img");
		expect(figure?.attrs).toMatchObject({
			src: content["@url"],
			width: "1200",
			height: "675",
			alt: text(content["media:description"]),
		});
		const [caption] = await select(text(local["content:encoded"]), "figcaption");
		expect(caption?.text).toBe("Sam Hargrave's crew on set. Illustration: reelfeed test fixtures");

		const remote = itemOf(items, ARTICLES.sequelOrPrequel, (i) => text(i.link));
		expect(remote["media:content"]).toMatchObject({
			"@url": REMOTE_LEAD,
			"@type": "image/jpeg",
			"@width": "1280",
			"@height": "720",
		});
		// Its size in bytes is unknown: the build does not fetch it.
		expect(remote["media:content"]["@fileSize"]).toBeUndefined();
		expect(remote["media:thumbnail"]["@url"]).toBe(REMOTE_LEAD);

		const none = itemOf(items, ARTICLES.deal, (i) => text(i.link));
		expect(none["media:content"]).toBeUndefined();
		expect(none["media:thumbnail"]).toBeUndefined();
		expect(text(none["content:encoded"])).not.toContain("<figure>");
	});

	it("Atom: the same Media RSS in each entry, and the image first in the content", async () => {
		const doc = await xml("/feed.atom");
		expect(doc.feed["@xmlns:media"]).toBe(MRSS);
		const entries: any[] = doc.feed.entry;
		const local = itemOf(entries, ARTICLES.interview, (e) => e.link[0]["@href"]);
		const rss = itemOf((await xml("/feed.xml")).rss.channel.item, ARTICLES.interview, (i) => text(i.link));
		expect(local["media:content"]).toEqual(rss["media:content"]);
		expect(local["media:thumbnail"]).toEqual(rss["media:thumbnail"]);
		expect(text(local.content)).toMatch(/^<figure><img src="[^"]+-1200w\.[0-9a-f]{10}\.jpg"/);
		expect(itemOf(entries, ARTICLES.deal, (e) => e.link[0]["@href"])["media:content"]).toBeUndefined();
	});

	it("JSON Feed: `image`, and reelfeed's extension with alt text, size, credit and thumbnail", async () => {
		const feed = await json("/feed.json");
		const local = feed.items.find((i: any) => i.url.endsWith(ARTICLES.interview));
		expect(local.image).toMatch(LOCAL);
		expect(local.banner_image).toBeUndefined();
		expect(local._reelfeed.image).toMatchObject({
			url: local.image,
			width: 1200,
			height: 675,
			type: "image/jpeg",
			alt: "A film set at dusk, the crew gathered under a rig of lights",
			caption: "Sam Hargrave's crew on set.",
			credit: "Illustration: reelfeed test fixtures",
			thumbnail: { width: 320, height: 180 },
		});
		await published(local._reelfeed.image.thumbnail.url, { width: 320, height: 180 });
		expect(local.content_html.startsWith(`<figure><img src="${local.image}"`)).toBe(true);
		const remote = feed.items.find((i: any) => i.url.endsWith(ARTICLES.sequelOrPrequel));
		expect(remote.image).toBe(REMOTE_LEAD);
		expect(feed.items.find((i: any) => i.url.endsWith(ARTICLES.deal)).image).toBeUndefined();
	});

	it("an image in the text that names a file of content/images is published, with its size", async () => {
		const feed = await json("/feed.json");
		const item = feed.items.find((i: any) => i.url.endsWith(ARTICLES.sequelOrPrequel));
		const images = await select(item.content_html, "img");
		const body = images.find((i) => i.attrs.alt === "A bridge in Dhaka, where Extraction was shot");
		expect(body?.attrs).toMatchObject({ width: "1000", height: "600" });
		await published(body?.attrs.src as string, { width: 1000, height: 600, type: "image/jpeg" });
	});
});

describe("a person's or a film's image as its feeds' image", () => {
	it("Joe Russo's portrait: RSS <image> within 144 × 400, Atom <icon> and JSON Feed icon square crops", async () => {
		const rss = (await xml("/feed/person/joe-russo.xml")).rss.channel.image;
		expect([text(rss.width), text(rss.height)]).toEqual(["144", "192"]);
		await published(text(rss.url), { width: 144, height: 192 });
		const atom = (await xml("/feed/person/joe-russo.atom")).feed;
		await published(text(atom.icon), { width: 128, height: 128 });
		// The logo stays the site's: Atom wants it twice as wide as high, and a portrait is not.
		expect(text(atom.logo)).toBe(`${ORIGIN}/assets/logo.png`);
		const feed = await json("/feed/person/joe-russo.json");
		await published(feed.icon, { width: 512, height: 512 });
		expect(feed.favicon).toBe(`${ORIGIN}/assets/icon-64.png`);
	});

	it("a PNG poster with transparency stays PNG; a square crop is never larger than the image", async () => {
		const feed = await json("/feed/film/extraction.json");
		await published(feed.icon, { width: 400, height: 400, type: "image/png" });
	});

	it("without an image of its own, or with only a remote one, a feed shows the site's icons", async () => {
		for (const slug of ["chris-hemsworth", "tom-holland"]) {
			const feed = await json(`/feed/person/${slug}.json`);
			expect(feed.icon).toBe(`${ORIGIN}/assets/icon-512.png`);
			const rss = (await xml(`/feed/person/${slug}.xml`)).rss.channel.image;
			expect(text(rss.url)).toBe(`${ORIGIN}/assets/icon-144.png`);
		}
	});
});

describe("images on pages", () => {
	it("an article shows its lead image in every size, with alt text, caption and credit", async () => {
		const html = await page(`/articles/${ARTICLES.interview}`);
		const [img] = await select(html, "article figure.lead img");
		expect(img?.attrs.alt).toBe("A film set at dusk, the crew gathered under a rig of lights");
		expect([img?.attrs.width, img?.attrs.height]).toEqual(["1200", "675"]);
		const candidates = (img?.attrs.srcset ?? "").split(", ").map((c) => c.split(" "));
		expect(candidates.map(([, w]) => w)).toEqual(["144w", "320w", "640w", "1200w"]);
		for (const [url, w] of candidates) {
			const width = Number.parseInt(w as string, 10);
			await published(url as string, { width, height: Math.round((width * 9) / 16) });
		}
		const [caption] = await select(html, "article figure.lead figcaption");
		expect(caption?.text).toBe("Sam Hargrave's crew on set. Illustration: reelfeed test fixtures");
	});

	it("link previews: og:image with size, type and alt, and a large-image Twitter card", async () => {
		const meta = async (path: string) =>
			Object.fromEntries(
				(await select(await page(path), "meta[property^='og:image'], meta[name^='twitter:']")).map((m) => [
					m.attrs.property ?? m.attrs.name,
					m.attrs.content,
				]),
			);
		const lead = await meta(`/articles/${ARTICLES.interview}`);
		expect(lead).toMatchObject({
			"og:image:type": "image/jpeg",
			"og:image:width": "1200",
			"og:image:height": "675",
			"og:image:alt": "A film set at dusk, the crew gathered under a rig of lights",
			"twitter:card": "summary_large_image",
		});
		expect(lead["twitter:image"]).toBe(lead["og:image"]);
		await published(lead["og:image"] as string, { width: 1200, height: 675 });
		// Without an image: the site's icon, on a summary card.
		expect(await meta(`/articles/${ARTICLES.deal}`)).toMatchObject({
			"og:image": `${ORIGIN}/assets/icon-512.png`,
			"og:image:width": "512",
			"twitter:card": "summary",
		});
		// A person's portrait.
		const person = await meta("/people/joe-russo");
		expect(person["og:image:alt"]).toBe("Portrait of Joe Russo");
		await published(person["og:image"] as string, { width: 600, height: 800 });
	});

	it("a person's page shows the portrait; a film's the poster", async () => {
		const [portrait] = await select(await page("/people/joe-russo"), "figure.portrait img");
		expect(portrait?.attrs.alt).toBe("Portrait of Joe Russo");
		const [poster] = await select(await page("/films/extraction"), "figure.portrait img");
		expect(poster?.attrs.alt).toBe("Poster for Extraction");
		await published(poster?.attrs.src as string, { width: 400, height: 600, type: "image/png" });
		const [remote] = await select(await page("/people/chris-hemsworth"), "figure.portrait img");
		expect(remote?.attrs).toMatchObject({
			src: "https://images.example.org/people/chris-hemsworth.jpg",
			width: "400",
			height: "600",
		});
		expect(remote?.attrs.srcset).toBeUndefined();
	});

	it("JSON-LD: the article's image and the person's, as ImageObjects with size and credit", async () => {
		const ld = async (path: string) => {
			const [script] = await select(await page(path), 'script[type="application/ld+json"]');
			return JSON.parse(script?.text ?? "{}");
		};
		const article = await ld(`/articles/${ARTICLES.interview}`);
		expect(article.image).toMatchObject({
			"@type": "ImageObject",
			width: 1200,
			height: 675,
			caption: "Sam Hargrave's crew on set.",
			creditText: "Illustration: reelfeed test fixtures",
		});
		await published(article.image.url, { width: 1200, height: 675 });
		const person = await ld("/people/joe-russo");
		expect(person.image).toMatchObject({ "@type": "ImageObject", width: 600, height: 800 });
		expect((await ld(`/articles/${ARTICLES.deal}`)).image).toBeUndefined();
	});
});

describe("thumbnails in the iframe embed, when the embedder asks", () => {
	it("?thumbnails=1 shows each article's thumbnail, or its empty place", async () => {
		const html = await page("/embed/person/joe-russo?thumbnails=1");
		const items = await select(html, "ul.items.thumbnails > li");
		expect(items.length).toBe(3);
		const thumbs = await select(html, "ul.items.thumbnails img");
		const local = thumbs.find((t) => t.attrs.alt === "A film set at dusk, the crew gathered under a rig of lights");
		expect(local?.attrs).toMatchObject({ width: "320", height: "180" });
		await published(local?.attrs.src as string, { width: 320, height: 180 });
		// A remote image has one size, its own.
		expect(thumbs.find((t) => t.attrs.src === REMOTE_LEAD)?.attrs).toMatchObject({ width: "1280", height: "720" });
		expect((await select(html, "ul.items.thumbnails .no-thumbnail")).length).toBe(1);
		// By default, none.
		expect(await select(await page("/embed/person/joe-russo"), "ul.items img")).toEqual([]);
	});

	it("takes 1, true, 0 or false, with a theme too, and answers anything else with a 400", async () => {
		for (const value of ["1", "true"])
			expect((await select(await page(`/embed/person/joe-russo?thumbnails=${value}`), "ul.thumbnails")).length).toBe(1);
		for (const value of ["0", "false"])
			expect((await select(await page(`/embed/person/joe-russo?thumbnails=${value}`), "ul.thumbnails")).length).toBe(0);
		expect(
			(
				await select(
					await page("/embed/person/joe-russo?theme=dark&thumbnails=1"),
					"html[data-theme=dark] ul.thumbnails",
				)
			).length,
		).toBe(1);
		const bad = await get("/embed/person/joe-russo?thumbnails=yes", { headers: { accept: "text/html" } });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain("thumbnails must be 1 or 0");
	});
});

describe("every image URL in every output is absolute", () => {
	it("in feeds of every format and in pages", async () => {
		const paths = [
			"/feed.xml",
			"/feed.atom",
			"/feed.json",
			"/feed/person/joe-russo.xml",
			"/feed/person/joe-russo.atom",
			"/feed/person/joe-russo.json",
			`/articles/${ARTICLES.interview}`,
			`/articles/${ARTICLES.sequelOrPrequel}`,
			"/people/joe-russo",
			"/films/extraction",
			"/embed/person/joe-russo?thumbnails=1",
		];
		for (const path of paths) {
			const body = await (await get(path)).text();
			const urls = [
				...body.matchAll(/(?:src|srcset|url|href)=\\?"([^"\\]*\/images\/[^"\\]*)\\?"/g),
				...body.matchAll(/"(?:image|url|icon)":"([^"]*images\/[^"]*)"/g),
				...body.matchAll(/<(?:url|icon|logo)>([^<]*images\/[^<]*)</g),
			].flatMap((m) => (m[1] as string).split(", ").map((candidate) => candidate.split(" ")[0] as string));
			expect(urls.length, path).toBeGreaterThan(0);
			for (const url of urls) expect(url, path).toMatch(/^https?:\/\//);
		}
	});
});
