/**
 * The format-neutral feed: what every renderer turns into RSS, Atom or JSON Feed. Built from the
 * compiled content for one scope and one origin; holds absolute URLs and ISO dates only.
 */
import {
	type Article,
	type Author,
	articleHtml,
	articles,
	articlesOf,
	contentUpdated,
	type Entity,
	type EntityType,
	entityOf,
	hasFeed,
	latest,
	site,
} from "../content/index.ts";
import { type FeedScope, type FormatName, ids, paths } from "./urls.ts";

/** Items per feed. */
export const FEED_LIMIT = 20;

export type FeedLinks = Record<FormatName, string>;

export type EntityLink = {
	type: EntityType;
	slug: string;
	name: string;
	/** "person", "film", or another kind of work (series, game, comic…). */
	kind: string;
	year?: number;
	/** The entity's page. */
	url: string;
	/** Its feeds, when it has them (people and films; not series or other works). */
	feeds?: FeedLinks;
	/** Taxonomy URL: RSS category domain, Atom category scheme. */
	scheme: string;
};

export type FeedItem = {
	id: string;
	url: string;
	title: string;
	/** Plain text. */
	summary: string;
	/** Sanitized HTML with absolute URLs. */
	html: string;
	published: string;
	updated: string;
	source?: string;
	author?: Author;
	entities: EntityLink[];
};

export type FeedDoc = {
	scope: FeedScope;
	id: string;
	title: string;
	description: string;
	language: string;
	homePageUrl: string;
	/** This feed in every format; the renderer's own format is its self link. */
	feeds: FeedLinks;
	/** Newest `updated` among the items; for an empty feed, the newest in the whole content. */
	updated: string;
	author: Author;
	items: FeedItem[];
};

export const feedLinks = (origin: string, scope: FeedScope): FeedLinks => ({
	rss: origin + paths.feed(scope, "rss"),
	atom: origin + paths.feed(scope, "atom"),
	json: origin + paths.feed(scope, "json"),
});

export function entityLink(origin: string, entity: Entity): EntityLink {
	return {
		type: entity.type,
		slug: entity.slug,
		name: entity.name,
		kind: entity.kind,
		...(entity.year === undefined ? {} : { year: entity.year }),
		url: origin + paths.entity(entity.type, entity.slug),
		...(hasFeed(entity) ? { feeds: feedLinks(origin, entity) } : {}),
		scheme: origin + paths.taxonomy(entity.type),
	};
}

function toItem(origin: string, article: Article): FeedItem {
	return {
		id: article.id,
		url: origin + paths.article(article.slug),
		title: article.title,
		summary: article.summary,
		html: articleHtml(article, origin),
		published: article.date,
		updated: article.updated,
		...(article.source ? { source: article.source } : {}),
		...(article.author ? { author: article.author } : {}),
		entities: article.entities.map((ref) => entityLink(origin, entityOf(ref))),
	};
}

export const entityLabel = (entity: Entity): string =>
	entity.year === undefined ? entity.name : `${entity.name} (${entity.year})`;

/** Builds the feed for a scope whose entity exists and has a feed (the HTTP layer checks that). */
export function buildFeed(scope: FeedScope, origin: string, entity?: Entity): FeedDoc {
	const source = scope.type === "site" || !entity ? articles : articlesOf(entity);
	const items = source.slice(0, FEED_LIMIT).map((a) => toItem(origin, a));
	const updated = latest(items.map((i) => i.updated)) ?? contentUpdated;
	const about = entity
		? {
				title: `${entityLabel(entity)} — ${site.title}`,
				description: `Articles on ${site.title} that mention ${entity.name}. ${entity.description}`,
				homePageUrl: origin + paths.entity(entity.type, entity.slug),
			}
		: {
				title: site.title,
				description: site.description,
				homePageUrl: origin + paths.home(),
			};
	return {
		scope,
		id: ids.feed(site.idAuthority, scope),
		...about,
		language: site.language,
		feeds: feedLinks(origin, scope),
		updated,
		author: site.author,
		items,
	};
}
