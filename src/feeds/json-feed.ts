import { ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType, isByline } from "../content/entity-types.ts";
import type { FeedLinks } from "./formats.ts";
import type { ShownImage } from "./images.ts";
import type { EntityLink, FeedDoc, FeedItem } from "./model.ts";

/**
 * The `_reelfeed` item extension (JSON Feed 1.1 § Extensions): the tagged entities, under each
 * type's plural (people, films); and the lead image with what JSON Feed's `image` cannot say (its
 * alt text, size, credit, and a thumbnail), for pages that show it (<reelfeed-list thumbnails>).
 */
type ReelfeedEntities = Record<(typeof ENTITY_TYPES)[EntityType]["plural"], ReelfeedEntity[]>;
type ReelfeedExtension = ReelfeedEntities & { image?: ReelfeedImage };

type ReelfeedImage = {
	url: string;
	width: number;
	height: number;
	type: string;
	alt: string;
	caption?: string;
	credit?: string;
	thumbnail: { url: string; width: number; height: number };
};

const toExtensionImage = (image: ShownImage): ReelfeedImage => ({
	url: image.url,
	width: image.width,
	height: image.height,
	type: image.type,
	alt: image.alt,
	...(image.caption ? { caption: image.caption } : {}),
	...(image.credit ? { credit: image.credit } : {}),
	thumbnail: { url: image.thumbnail.url, width: image.thumbnail.width, height: image.thumbnail.height },
});

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

const extensionOf = (item: FeedItem): ReelfeedExtension => ({
	...(Object.fromEntries(
		ENTITY_TYPE_NAMES.map((type) => [
			ENTITY_TYPES[type].plural,
			item.entities.filter((e) => e.type === type).map(toExtensionEntity),
		]),
	) as ReelfeedEntities),
	...(item.image ? { image: toExtensionImage(item.image) } : {}),
});

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
		// WebSub (JSON Feed 1.1 § hubs): where subscribers are told of changes.
		...(doc.hubs.length ? { hubs: doc.hubs.map((url) => ({ type: "WebSub", url })) } : {}),
		...(doc.paging?.next ? { next_url: doc.paging.next.json } : {}),
		description: doc.description,
		icon: doc.icons.large,
		favicon: doc.icons.favicon,
		language: doc.language,
		authors: [authorOf(doc.author)],
		items: doc.items.map((item) => ({
			id: item.id,
			url: item.url,
			title: item.title,
			content_html: item.html,
			summary: item.summary,
			// The main image, also the first figure of content_html, which makes it the featured one
			// (JSON Feed 1.1). No `banner_image`: the spec keeps that for an image the content does
			// not show, and reelfeed's lead image is in the content for readers that ignore `image`.
			...(item.image ? { image: item.image.url } : {}),
			date_published: item.published,
			date_modified: item.updated,
			// Without them, an item's authors are the feed's (JSON Feed 1.1).
			...(item.authors.length ? { authors: item.authors.map(authorOf) } : {}),
			tags: item.entities.filter((e) => !isByline(e.type)).map((e) => e.name),
			_reelfeed: extensionOf(item),
		})),
	});
}
