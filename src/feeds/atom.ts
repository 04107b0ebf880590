import type { Item } from "feed";
import { escapeHtml, escapeHtmlText } from "./escape.ts";
import { createFeed, PAGING_RELS, subjects, toFeedAuthor } from "./feed-package.ts";
import { withMediaRss } from "./images.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

/**
 * Atom 1.0 (RFC 4287) through the `feed` package: feed id, updated, author, rel="self" and
 * rel="alternate" links; entries with id, published, updated, summary and content of
 * type="html", and a category (term = slug, label = name, scheme = taxonomy) per entity; RFC 5005
 * first/next/previous links on a listing longer than one page; an entry's lead image as Media RSS
 * (media:content, media:thumbnail) and as its content's first figure.
 * The package emits titles and summaries as type="html", so plain text is escaped first.
 */
export function renderAtom(doc: FeedDoc): string {
	const xml = withMediaRss(
		createFeed(doc, { atom: doc.feeds.atom }, toAtomEntry).atom1(),
		"entry",
		doc.items.map((item) => item.image),
	);
	return doc.paging || doc.hubs.length ? withLinks(xml, doc) : xml;
}

/**
 * The package writes an Atom feed's alternate and self links, and one hub at most, and has no way
 * to add others (RSS has channel extensions; Atom has none): the WebSub hubs and the paging links
 * go right after the self link, one per line at its indentation, as the package would have
 * written them.
 */
function withLinks(xml: string, doc: FeedDoc): string {
	const links = [
		...doc.hubs.map((hub) => `<link rel="hub" href="${escapeHtml(hub)}"/>`),
		...PAGING_RELS.flatMap((rel) => {
			const href = doc.paging?.[rel]?.atom;
			return href ? [`<link rel="${rel}" href="${escapeHtml(href)}"/>`] : [];
		}),
	];
	const self = xml.indexOf('rel="self"');
	const end = xml.indexOf("/>", self) + 2;
	if (self < 0 || end < 2) throw new Error("the feed package wrote no self link to put paging links after");
	const lineStart = xml.lastIndexOf("\n", self) + 1;
	const indent = xml.slice(lineStart, xml.indexOf("<", lineStart));
	return `${xml.slice(0, end)}${links.map((l) => `\n${indent}${l}`).join("")}${xml.slice(end)}`;
}

/** One feed item, as the `feed` package takes it for Atom. */
function toAtomEntry(item: FeedItem): Item {
	return {
		id: item.id,
		title: escapeHtmlText(item.title),
		link: item.url,
		date: new Date(item.updated),
		published: new Date(item.published),
		description: escapeHtmlText(item.summary),
		content: item.html,
		category: subjects(item).map((e) => ({ term: e.slug, name: e.name, scheme: e.scheme })),
		// Without one, an entry's author is the feed's (RFC 4287 § 4.2.1).
		...(item.authors.length ? { author: item.authors.map(toFeedAuthor) } : {}),
	};
}
