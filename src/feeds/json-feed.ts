import type { EntityLink, FeedDoc } from "./model.ts";

/** The `_reelfeed` item extension (JSON Feed 1.1 § Extensions): the tagged people and films. */
export type ReelfeedExtension = {
	people: ReelfeedEntity[];
	films: ReelfeedEntity[];
};

export type ReelfeedEntity = {
	slug: string;
	name: string;
	year?: number;
	kind?: string;
	url: string;
	/** Absent for works that have no feed (series, games, comics). */
	feeds?: { rss: string; atom: string; json: string };
};

const toExtensionEntity = (e: EntityLink): ReelfeedEntity => ({
	slug: e.slug,
	name: e.name,
	...(e.year === undefined ? {} : { year: e.year }),
	...(e.type === "film" ? { kind: e.kind } : {}),
	url: e.url,
	...(e.feeds ? { feeds: e.feeds } : {}),
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
		...(doc.paging?.next ? { next_url: doc.paging.next.json } : {}),
		description: doc.description,
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
			...(item.author ? { authors: [authorOf(item.author)] } : {}),
			tags: item.entities.map((e) => e.name),
			_reelfeed: {
				people: item.entities.filter((e) => e.type === "person").map(toExtensionEntity),
				films: item.entities.filter((e) => e.type === "film").map(toExtensionEntity),
			} satisfies ReelfeedExtension,
		})),
	});
}
