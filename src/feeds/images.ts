/**
 * Images as feeds and pages show them: every URL absolute (a published image's path is resolved
 * against the public origin), the sizes picked for each use, and the HTML and Media RSS that carry
 * them. Pure: no Hono, no I/O.
 */
import type { Image, ImageFile } from "../content/index.ts";
import { escapeHtml, escapeHtmlText, indexOfMarkup } from "./escape.ts";

/** A size of an image with an absolute URL. */
export type ShownFile = ImageFile;

/** An image ready to show: its main size, its thumbnail and every size, all with absolute URLs. */
export type ShownImage = ShownFile & {
	alt: string;
	caption?: string;
	credit?: string;
	/** About 320 pixels wide: timelines, embeds (media:thumbnail). */
	thumbnail: ShownFile;
	/** Every size, narrowest first (a page's srcset). */
	sizes: ShownFile[];
};

/** Media RSS (https://www.rssboard.org/media-rss), declared on the root of every RSS and Atom feed. */
export const MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/";

/** The width a thumbnail is picked at: the narrowest size at least this wide. */
const THUMBNAIL_WIDTH = 320;

const absolute = (origin: string, file: ImageFile): ShownFile => ({
	...file,
	url: file.url.startsWith("/") ? origin + file.url : file.url,
});

/** An image with absolute URLs, its widest size as the main one. */
export function showImage(origin: string, image: Image): ShownImage | undefined {
	const sizes = image.sizes.map((f) => absolute(origin, f));
	const main = sizes.at(-1);
	if (!main) return undefined;
	return {
		...main,
		alt: image.alt,
		...(image.caption ? { caption: image.caption } : {}),
		...(image.credit ? { credit: image.credit } : {}),
		thumbnail: sizes.find((f) => f.width >= THUMBNAIL_WIDTH) ?? main,
		sizes,
	};
}

/**
 * An entity's image as its feeds' image: a square crop (Atom <icon>, 128 pixels; JSON Feed `icon`,
 * 512 at most) and the size within RSS <image>'s bounds. Undefined parts (a remote image has no
 * crops) leave the site's icons in place.
 */
export function feedImagesOf(
	origin: string,
	image: Image | undefined,
): { icon?: ShownFile; large?: ShownFile; rss?: ShownFile } {
	if (!image) return {};
	const squares = (image.squares ?? []).map((f) => absolute(origin, f));
	const [icon] = squares;
	const large = squares.at(-1);
	return {
		...(icon ? { icon } : {}),
		...(large ? { large } : {}),
		...(image.rss ? { rss: absolute(origin, image.rss) } : {}),
	};
}

/** "Caption. Credit", as a figure's caption and alt-free places write it. */
export const captionOf = (image: Pick<ShownImage, "caption" | "credit">): string | undefined =>
	[image.caption, image.credit].filter(Boolean).join(" ") || undefined;

/**
 * The lead image as the first figure of an item's HTML, for readers that ignore Media RSS: its
 * main size, with its alt text, size, caption and credit.
 */
export function figureHtml(image: ShownImage): string {
	const caption = [
		image.caption ? escapeHtmlText(image.caption) : "",
		image.credit ? `<small>${escapeHtmlText(image.credit)}</small>` : "",
	]
		.filter(Boolean)
		.join(" ");
	return `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}">${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}

/**
 * Media RSS for an item's lead image: media:content (URL, type, medium, size, file size where
 * known) with its alt text as media:description and its credit, and media:thumbnail, as Feedly,
 * Inoreader and NetNewsWire read them. Attribute and text values are escaped here.
 */
export function mediaRssXml(image: ShownImage, indent: string): string {
	const attrs = (pairs: [string, string | number | undefined][]) =>
		pairs
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
			.join("");
	const inner = `${indent}    `;
	const content = [
		`${indent}<media:content${attrs([
			["url", image.url],
			["type", image.type],
			["medium", "image"],
			["width", image.width],
			["height", image.height],
			["fileSize", image.bytes],
		])}>`,
		`${inner}<media:description type="plain">${escapeHtmlText(image.alt)}</media:description>`,
		...(image.credit ? [`${inner}<media:credit>${escapeHtmlText(image.credit)}</media:credit>`] : []),
		`${indent}</media:content>`,
		`${indent}<media:thumbnail${attrs([
			["url", image.thumbnail.url],
			["width", image.thumbnail.width],
			["height", image.thumbnail.height],
		])}/>`,
	];
	return content.join("\n");
}

/**
 * An RSS or Atom document with Media RSS: the namespace declared on its root element, and each
 * item's lead image put last in its element (`itemElement`: item, entry), in the order of
 * `images`, one per item (undefined for an item without one). The `feed` package has no way to
 * declare a namespace, nor Atom entry extensions.
 */
export function withMediaRss(xml: string, itemElement: string, images: readonly (ShownImage | undefined)[]): string {
	const root = /<(?:rss|feed)[\s>]/.exec(xml);
	// The root's start tag ends at its first ">": the package writes no ">" in its attributes.
	const startEnd = root ? xml.indexOf(">", root.index) : -1;
	if (startEnd < 0) throw new Error("no <rss> or <feed> root element to declare Media RSS on");
	const parts = [xml.slice(0, startEnd), ` xmlns:media="${MEDIA_RSS_NAMESPACE}"`];
	const close = `</${itemElement}>`;
	let at = startEnd;
	for (const image of images) {
		const end = indexOfMarkup(xml, close, at);
		if (end < 0) throw new Error(`fewer <${itemElement}> elements than items`);
		if (image) {
			// On the closing tag's own line, indented one step further, as the package writes children.
			const lineStart = Math.max(xml.lastIndexOf("\n", end) + 1, at);
			const indent = xml.slice(lineStart, end);
			const own = /^[ \t]*$/.test(indent);
			const cut = own ? lineStart : end;
			parts.push(xml.slice(at, cut), `${mediaRssXml(image, own ? `${indent}    ` : "")}${own ? "\n" : ""}`);
			at = cut;
		}
		parts.push(xml.slice(at, end + close.length));
		at = end + close.length;
	}
	parts.push(xml.slice(at));
	return parts.join("");
}
