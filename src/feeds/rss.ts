import type { Item } from "feed";
import type { Author } from "../content/index.ts";
import { escapeHtml, escapeHtmlText } from "./escape.ts";
import { bylines, createFeed, PAGING_RELS, subjects } from "./feed-package.ts";
import { FORMATS } from "./formats.ts";
import { withMediaRss } from "./images.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) through the `feed` package: atom:link
 * rel="self", guid (the item's tag URI, isPermaLink="false"), RFC 822 dates, description (the
 * summary, as HTML) and content:encoded (the full HTML), dc:creator where an author is known, and a
 * category per tagged person and film whose domain names the taxonomy; <ttl> from FRESHNESS, and
 * RFC 5005 first/next/previous atom:links on a listing longer than one page; an item's lead image
 * as Media RSS (media:content, media:thumbnail) and as its content's first figure.
 */
export function renderRss(doc: FeedDoc): string {
	const feed = createFeed(doc, { rss: doc.feeds.rss }, (item) => toRssItem(item, doc.author));
	// The channel's <image>, at most 144 pixels wide, with its size (the package writes none, and a
	// reader then assumes 88 × 31).
	feed.addExtension({
		name: "image",
		objects: {
			url: { _text: doc.icons.rss.url },
			title: { _text: doc.title },
			link: { _text: doc.homePageUrl },
			width: { _text: doc.icons.rss.width },
			height: { _text: doc.icons.rss.height },
		},
	});
	if (doc.paging || doc.hubs.length) {
		// The package writes the self atom:link only; a channel extension of the same name takes its
		// place, with the WebSub hubs and the paging links after it. Its attributes are written as
		// given: escaped here.
		const link = (rel: string, href: string, type: string | undefined = FORMATS.rss.mediaType) => ({
			_attributes: { href: escapeHtml(href), rel, ...(type ? { type } : {}) },
		});
		const paging = doc.paging;
		const links = [
			link("self", doc.feeds.rss),
			...doc.hubs.map((hub) => link("hub", hub, undefined)),
			...PAGING_RELS.flatMap((rel) => {
				const href = paging?.[rel]?.rss;
				return href ? [link(rel, href)] : [];
			}),
		];
		// xml-js writes an array as repeated elements; the package types an extension's value as a record.
		feed.addExtension({ name: "atom:link", objects: links as unknown as Record<string, unknown> });
	}
	return withMediaRss(
		feed.rss2(),
		"item",
		doc.items.map((item) => item.image),
	);
}

/** One dc:creator per author; xml-js writes an array as repeated elements (the package types a record). */
const creators = (authors: Author[]) => authors.map((a) => ({ _text: a.name })) as unknown as Record<string, unknown>;

/** One feed item, as the `feed` package takes it for RSS. */
function toRssItem(item: FeedItem, author: Author): Item {
	return {
		id: item.id,
		title: item.title,
		link: item.url,
		date: new Date(item.updated),
		published: new Date(item.published),
		description: escapeHtmlText(item.summary),
		content: item.html,
		category: subjects(item).map((e) => ({ name: e.name, domain: e.scheme })),
		// Every byline, or the site's author: readers show dc:creator as the item's author.
		extensions: [{ name: "dc:creator", objects: creators(bylines(item, author)) }],
	};
}
