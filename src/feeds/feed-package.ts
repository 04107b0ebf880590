import { Feed, type Author as FeedAuthor, type Item } from "feed";
import { ByteLru } from "../byte-lru.ts";
import type { Author } from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { FRESHNESS } from "./freshness.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

/** Our author as the `feed` package's (`link` where we say `url`). */
export const toFeedAuthor = (author: Author): FeedAuthor => ({
	name: author.name,
	...(author.email ? { email: author.email } : {}),
	...(author.url ? { link: author.url } : {}),
});

/**
 * A `feed` package Feed for the RSS and Atom renderers, with every date passed explicitly (the
 * package would otherwise use "now") and a fixed generator, so the output is deterministic.
 */
export function createFeed(doc: FeedDoc, self: { rss: string } | { atom: string }): Feed {
	return new Feed({
		id: doc.id,
		title: doc.title,
		description: doc.description,
		link: doc.homePageUrl,
		language: doc.language,
		ttl: FRESHNESS.clientSeconds / 60,
		updated: new Date(doc.updated),
		generator: "reelfeed",
		author: toFeedAuthor(doc.author),
		feedLinks: self,
	});
}

/**
 * Adds RFC 5005 paged-feed links (first, next, previous) right after the self link the `feed`
 * package wrote, which has no option for them. `element` writes one link element.
 */
export function withPagingLinks(
	xml: string,
	doc: FeedDoc,
	format: "rss" | "atom",
	element: (rel: string, href: string) => string,
): string {
	if (!doc.paging) return xml;
	const links: string[] = [];
	for (const rel of ["first", "next", "previous"] as const) {
		const href = doc.paging[rel]?.[format];
		if (href) links.push(element(rel, escapeHtml(href)));
	}
	const self = xml.indexOf('rel="self"');
	const end = xml.indexOf("/>", self) + 2;
	if (self < 0 || end < 2) throw new Error("the feed package wrote no self link to put paging links after");
	const indent = xml.slice(xml.lastIndexOf("\n", self) + 1).match(/^\s*/)?.[0] ?? "";
	return `${xml.slice(0, end)}${links.map((l) => `\n${indent}${l}`).join("")}${xml.slice(end)}`;
}

/**
 * Rendered items, per format, item URL (so origin) and article revision: the `feed` package
 * serializes through xml-js, about 50 µs an item, so each item is rendered once per isolate and
 * reused by every feed, page and query that lists it. Bounded to 16 MiB.
 */
const fragments = new ByteLru<{ xml: string; size: number }>(16 * 1024 * 1024, 50_000);

/**
 * Renders a feed with the `feed` package, reusing rendered items: the package renders the channel
 * with the first item, and that item's element is replaced by every item's element, each rendered
 * by the package alone the first time it is seen. The result is byte for byte what the package
 * writes for the whole feed at once (a test checks it).
 */
export function renderWithPackage(doc: FeedDoc, format: "rss" | "atom", toItem: (item: FeedItem) => Item): string {
	const tag = format === "rss" ? "item" : "entry";
	const self = format === "rss" ? { rss: doc.feeds.rss } : { atom: doc.feeds.atom };
	const render = (items: FeedItem[]) => {
		const feed = createFeed(doc, self);
		for (const item of items) feed.addItem(toItem(item));
		return format === "rss" ? feed.rss2() : feed.atom1();
	};
	const [first] = doc.items;
	if (!first) return render([]);
	const element = (xml: string) => {
		const start = xml.lastIndexOf("\n", xml.indexOf(`<${tag}>`)) + 1;
		return { start, end: xml.indexOf("\n", xml.lastIndexOf(`</${tag}>`)) + 1 };
	};
	const shell = render([first]);
	const { start, end } = element(shell);
	const body = doc.items.map((item) => {
		const key = `${format} ${item.url} ${item.rev}`;
		let hit = fragments.get(key);
		if (!hit) {
			const xml = item === first ? shell : render([item]);
			const at = item === first ? { start, end } : element(xml);
			const fragment = xml.slice(at.start, at.end);
			hit = { xml: fragment, size: fragment.length * 2 };
			fragments.set(key, hit);
		}
		return hit.xml;
	});
	return `${shell.slice(0, start)}${body.join("")}${shell.slice(end)}`;
}
