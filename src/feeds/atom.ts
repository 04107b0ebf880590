import type { Item } from "feed";
import { escapeHtmlText } from "./escape.ts";
import { renderWithPackage, toFeedAuthor, withPagingLinks } from "./feed-package.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

/**
 * Atom 1.0 (RFC 4287) through the `feed` package: feed id, updated, author, rel="self" and
 * rel="alternate" links; entries with id, published, updated, summary and content of
 * type="html", and a category (term = slug, label = name, scheme = taxonomy) per entity; RFC 5005
 * first/next/previous links on a listing longer than one page.
 * The package emits titles and summaries as type="html", so plain text is escaped first.
 */
export function renderAtom(doc: FeedDoc): string {
	return withPagingLinks(
		renderWithPackage(doc, "atom", toAtomEntry),
		doc,
		"atom",
		(rel, href) => `<link rel="${rel}" href="${href}"/>`,
	);
}

/** One feed item, as the `feed` package takes it for Atom. */
export function toAtomEntry(item: FeedItem): Item {
	return {
		id: item.id,
		title: escapeHtmlText(item.title),
		link: item.url,
		date: new Date(item.updated),
		published: new Date(item.published),
		description: escapeHtmlText(item.summary),
		content: item.html,
		category: item.entities.map((e) => ({ term: e.slug, name: e.name, scheme: e.scheme })),
		...(item.author ? { author: [toFeedAuthor(item.author)] } : {}),
	};
}
