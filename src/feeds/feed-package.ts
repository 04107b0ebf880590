import { Feed, type Author as FeedAuthor } from "feed";
import type { Author } from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { FRESHNESS } from "./freshness.ts";
import type { FeedDoc } from "./model.ts";

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
