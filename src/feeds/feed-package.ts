/**
 * What the RSS and Atom renderers share: a `feed` package Feed for a feed document, with every
 * date passed explicitly (the package would otherwise use "now") and a fixed generator, so the
 * output is a pure function of the document.
 */
import { Feed, type Author as FeedAuthor, type Item } from "feed";
import { isByline } from "../content/entity-types.ts";
import type { Author } from "../content/index.ts";
import { feedFreshness } from "./freshness.ts";
import type { EntityLink, FeedDoc, FeedItem, Paging } from "./model.ts";

/** Our author as the `feed` package's (`link` where we say `url`). */
export const toFeedAuthor = (author: Author): FeedAuthor => ({
	name: author.name,
	...(author.email ? { email: author.email } : {}),
	...(author.url ? { link: author.url } : {}),
});

/** A Feed holding the document's channel and items, `toItem` making each item for the format. */
export function createFeed(
	doc: FeedDoc,
	self: { rss: string } | { atom: string },
	toItem: (item: FeedItem) => Item,
): Feed {
	const feed = new Feed({
		id: doc.id,
		title: doc.title,
		description: doc.description,
		link: doc.homePageUrl,
		language: doc.language,
		ttl: feedFreshness(doc.hubs).clientSeconds / 60,
		updated: new Date(doc.updated),
		generator: "reelfeed",
		author: toFeedAuthor(doc.author),
		feedLinks: self,
		// Atom's <logo> and <icon>; RSS replaces the <image> this makes with one that has a size.
		image: doc.icons.logo,
		favicon: doc.icons.icon,
	});
	for (const item of doc.items) feed.addItem(toItem(item));
	return feed;
}

/** What an item is about: its entities but its bylines (RSS and Atom categories). */
export const subjects = (item: FeedItem): EntityLink[] => item.entities.filter((e) => !isByline(e.type));

/** An item's authors, or `fallback` (the site's) when it names none. */
export const bylines = (item: FeedItem, fallback: Author): Author[] =>
	item.authors.length ? item.authors : [fallback];

/** The RFC 5005 relations of a paged feed, in the order they are written. */
export const PAGING_RELS = ["first", "next", "previous"] as const satisfies readonly (keyof Paging)[];
