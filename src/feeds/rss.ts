import type { Item } from "feed";
import { escapeHtmlText } from "./escape.ts";
import { renderWithPackage, withPagingLinks } from "./feed-package.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) through the `feed` package: atom:link
 * rel="self", guid (the item's tag URI, isPermaLink="false"), RFC 822 dates, description (the
 * summary, as HTML) and content:encoded (the full HTML), dc:creator where an author is known, and a
 * category per tagged person and film whose domain names the taxonomy; <ttl> from FRESHNESS, and
 * RFC 5005 first/next/previous atom:links on a listing longer than one page.
 */
export function renderRss(doc: FeedDoc): string {
	return withPagingLinks(
		renderWithPackage(doc, "rss", toRssItem),
		doc,
		"rss",
		(rel, href) => `<atom:link rel="${rel}" href="${href}" type="application/rss+xml"/>`,
	);
}

/** One feed item, as the `feed` package takes it for RSS. */
export function toRssItem(item: FeedItem): Item {
	return {
		id: item.id,
		title: item.title,
		link: item.url,
		date: new Date(item.updated),
		published: new Date(item.published),
		description: escapeHtmlText(item.summary),
		content: item.html,
		category: item.entities.map((e) => ({ name: e.name, domain: e.scheme })),
		...(item.author ? { extensions: [{ name: "dc:creator", objects: { _text: item.author.name } }] } : {}),
	};
}
