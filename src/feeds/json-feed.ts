import { ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType, isByline } from "../content/entity-types.ts";
import type { FeedLinks } from "./formats.ts";
import type { EntityLink, FeedDoc, FeedItem } from "./model.ts";

/**
 * The `_reelfeed` item extension (JSON Feed 1.1 § Extensions): the tagged entities, under each
 * type's plural (people, films).
 */
type ReelfeedExtension = Record<(typeof ENTITY_TYPES)[EntityType]["plural"], ReelfeedEntity[]>;

type ReelfeedEntity = {
	slug: string;
	name: string;
	year?: number;
	/** For types whose entries have kinds (a film, a series…). */
	kind?: string;
	url: string;
	/** Absent for works that have no feed (series, games, comics). */
	feeds?: FeedLinks;
};

const toExtensionEntity = (e: EntityLink): ReelfeedEntity => ({
	slug: e.slug,
	name: e.name,
	...(e.year === undefined ? {} : { year: e.year }),
	...(ENTITY_TYPES[e.type].kinds.length > 1 ? { kind: e.kind } : {}),
	url: e.url,
	...(e.feeds ? { feeds: e.feeds } : {}),
});

const extensionOf = (item: FeedItem): ReelfeedExtension =>
	Object.fromEntries(
		ENTITY_TYPE_NAMES.map((type) => [
			ENTITY_TYPES[type].plural,
			item.entities.filter((e) => e.type === type).map(toExtensionEntity),
		]),
	) as ReelfeedExtension;

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written by hand: the `feed` package
 * emits 1.0 only (singular `author`, no `language`, `authors`).
 */
export function renderJsonFeed(doc: FeedDoc): string {
	const authorOf = (a: { name: string; url?: string }) => ({
		name: a.name,
		...(a.url ? { url: a.url } : {}),
	});
	return JSON.stringify({
		version: "https://jsonfeed.org/version/1.1",
		title: doc.title,
		home_page_url: doc.homePageUrl,
		feed_url: doc.feeds.json,
		...(doc.paging?.next ? { next_url: doc.paging.next.json } : {}),
		description: doc.description,
		icon: doc.icons.large,
		favicon: doc.icons.favicon64,
		language: doc.language,
		authors: [authorOf(doc.author)],
		items: doc.items.map((item) => ({
			id: item.id,
			url: item.url,
			title: item.title,
			content_html: item.html,
			summary: item.summary,
			date_published: item.published,
			date_modified: item.updated,
			// Without them, an item's authors are the feed's (JSON Feed 1.1).
			...(item.authors.length ? { authors: item.authors.map(authorOf) } : {}),
			tags: item.entities.filter((e) => !isByline(e.type)).map((e) => e.name),
			_reelfeed: extensionOf(item),
		})),
	});
}
