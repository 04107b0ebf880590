/**
 * The format-neutral feed: what every renderer turns into RSS, Atom or JSON Feed. Built from the
 * compiled content for one request (scope, filters, page) and one origin; holds absolute URLs and
 * ISO dates only.
 */
import {
	type Article,
	type ArticleIndex,
	type Author,
	allUpdates,
	articleHtml,
	articles,
	content,
	contentChanged,
	contentUpdated,
	type Entity,
	type EntityRef,
	type EntityType,
	entityOf,
	hasFeed,
	latest,
	loadArticle,
	site,
} from "../content/index.ts";
import { lastModifiedAt } from "./freshness.ts";
import { canonicalSearch, type FeedQuery, LIMIT, type QueryProblem } from "./query.ts";
import { canonicalCursor, canonicalSince, listing, type Page, selectPage } from "./select.ts";
import { type FeedScope, type FormatName, ids, paths } from "./urls.ts";

export type FeedLinks = Record<FormatName, string>;

/** What a feed request asks for, its slugs already resolved to entities. */
export type FeedRequest = {
	scope: FeedScope;
	/** The person or film of a /feed/{type}/{slug} URL. */
	entity?: Entity;
	query: FeedQuery;
	/** The query's person= and film= entities. */
	people: Entity[];
	films: Entity[];
};

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
	/** The article's revision: what its rendered form depends on, besides the origin. */
	rev: string;
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

/** RFC 5005 paged-feed links, each in every format; only on a listing longer than one page. */
export type Paging = { first: FeedLinks; next?: FeedLinks; previous?: FeedLinks };

export type FeedDoc = {
	scope: FeedScope;
	id: string;
	title: string;
	description: string;
	language: string;
	homePageUrl: string;
	/** This page of this feed in every format; the renderer's own format is its self link. */
	feeds: FeedLinks;
	paging?: Paging;
	/** Newest `updated` among the items; for an empty feed, the newest in the whole content. */
	updated: string;
	author: Author;
	items: FeedItem[];
};

export const feedLinks = (origin: string, scope: FeedScope, search = ""): FeedLinks => ({
	rss: origin + paths.feed(scope, "rss") + search,
	atom: origin + paths.feed(scope, "atom") + search,
	json: origin + paths.feed(scope, "json") + search,
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

const toItem = (origin: string, entry: ArticleIndex): FeedItem => itemFrom(origin, loadArticle(entry));

/** A feed item for an article; `lookup` resolves its tagged entities (the registry, by default). */
export function itemFrom(origin: string, article: Article, lookup: (ref: EntityRef) => Entity = entityOf): FeedItem {
	return {
		id: article.id,
		rev: article.rev,
		url: origin + paths.article(article.slug),
		title: article.title,
		summary: article.summary,
		html: articleHtml(article, origin),
		published: article.date,
		updated: article.updated,
		...(article.source ? { source: article.source } : {}),
		...(article.author ? { author: article.author } : {}),
		entities: article.entities.map((ref) => entityLink(origin, lookup(ref))),
	};
}

export const entityLabel = (entity: Entity): string =>
	entity.year === undefined ? entity.name : `${entity.name} (${entity.year})`;

/** A feed request for a scope alone: every article of the site, person or film, first page. */
export const plainRequest = (scope: FeedScope, entity?: Entity, query: Partial<FeedQuery> = {}): FeedRequest => ({
	scope,
	...(entity ? { entity } : {}),
	query: { people: [], films: [], limit: LIMIT.default, ...query },
	people: [],
	films: [],
});

/**
 * The request with its query in canonical form for the content, so that values that cannot change
 * the page make no new URL, ETag or cache entry: `since` rounded down to an article's `updated`,
 * the cursor to the listing's entry it starts after, a limit at or past the listing's length to
 * the default (or that length), and a filter naming the feed's own entity dropped. A cursor that
 * names no article is a problem (it was never in a feed's links).
 */
export function canonicalRequest(
	req: FeedRequest,
): { ok: true; req: FeedRequest } | { ok: false; problems: QueryProblem[] } {
	const { before, since, ...rest } = req.query;
	// A filter naming the feed's own entity narrows nothing.
	const own = (type: EntityType) => (req.entity?.type === type ? req.entity.slug : undefined);
	const query: FeedQuery = {
		...rest,
		people: rest.people.filter((slug) => slug !== own("person")),
		films: rest.films.filter((slug) => slug !== own("film")),
	};
	const people = req.people.filter((e) => e.slug !== own("person"));
	const films = req.films.filter((e) => e.slug !== own("film"));
	const indexes = listing(req.entity, people, films);
	// A limit at or past the listing's length gives the whole listing, whatever it is.
	const length = indexes ? indexes.length : articles.length;
	if (query.limit >= length) query.limit = Math.max(LIMIT.default, length);
	const roundedSince = canonicalSince(since, allUpdates());
	if (roundedSince !== undefined) query.since = roundedSince;
	if (before) {
		const cursor = canonicalCursor(articles, indexes, before);
		if (cursor === null)
			return {
				ok: false,
				problems: [{ name: "before", reason: "names no article: take cursors from a feed's next or previous link" }],
			};
		if (cursor) query.before = cursor;
	}
	return { ok: true, req: { ...req, query, people, films } };
}

/**
 * A feed's Last-Modified, in a response made at `now`: never earlier than the moment its bytes
 * last changed, which the build records per feed (see scripts/compiler/history.ts): the latest of
 * the code and site revision's record and its entities' (a filtered or paged feed lists only
 * articles of its entities); the site feed unfiltered has its own, and so does every `since`,
 * which is rounded against every article's date. Never earlier than its newest item either, and
 * never later than `now` (see lastModifiedAt).
 */
export function lastModifiedOf(req: FeedRequest, page: Page, now: number): string {
	const records = [contentChanged.revision, ...req.people.map((e) => e.changed), ...req.films.map((e) => e.changed)];
	if (req.entity) records.push(req.entity.changed);
	if ((!req.entity && records.length === 1) || req.query.since !== undefined) records.push(contentChanged.site);
	return lastModifiedAt(latest(records) as string, pageUpdated(page), now);
}

/** The page of articles a request selects. */
export const pageOf = (req: FeedRequest): Page =>
	selectPage(articles, listing(req.entity, req.people, req.films), req.query);

/** The newest date among a page's items, or of the whole content for an empty page. */
export const pageUpdated = (page: Page): string => latest(page.items.map((a) => a.updated)) ?? contentUpdated;

function describe(req: FeedRequest) {
	const filters = [req.people, req.films].filter((g) => g.length).map((g) => g.map(entityLabel).join(" or "));
	const narrowed = filters.length ? ` (${filters.join(" and ")})` : "";
	if (req.entity) {
		return {
			title: `${entityLabel(req.entity)}${narrowed} — ${site.title}`,
			description: `Articles on ${site.title} that mention ${req.entity.name}. ${req.entity.description}`,
		};
	}
	return {
		title: filters.length ? `${filters.join(" and ")} — ${site.title}` : site.title,
		description: filters.length ? `Articles on ${site.title} about ${filters.join(" and ")}.` : site.description,
	};
}

/** RFC 5005 links for a page, or undefined when the listing fits on one page. */
export function paging(origin: string, req: FeedRequest, page: Page): Paging | undefined {
	if (!page.next && page.previous === undefined) return undefined;
	const { before: _, ...rest } = req.query;
	const links = (before?: Page["next"]) =>
		feedLinks(origin, req.scope, canonicalSearch(before ? { ...rest, before } : rest));
	return {
		first: links(),
		...(page.next ? { next: links(page.next) } : {}),
		...(page.previous !== undefined ? { previous: links(page.previous ?? undefined) } : {}),
	};
}

/** Builds the feed document for a request whose entities exist and have feeds (HTTP checks that). */
export function buildFeed(req: FeedRequest, origin: string, page: Page = pageOf(req)): FeedDoc {
	const pages = paging(origin, req, page);
	return {
		scope: req.scope,
		id: ids.feed(site.idAuthority, req.scope),
		...describe(req),
		homePageUrl: origin + (req.entity ? paths.entity(req.entity.type, req.entity.slug) : paths.home()),
		language: site.language,
		feeds: feedLinks(origin, req.scope, canonicalSearch(req.query)),
		...(pages ? { paging: pages } : {}),
		updated: pageUpdated(page),
		author: site.author,
		items: page.items.map((a) => toItem(origin, a)),
	};
}

/**
 * Everything a rendered feed's bytes depend on, as one string, computed without rendering: the
 * code and site revision, the format and the view (the feed, or the page a browser is shown), the
 * self URL (origin, path, canonical query), the feed's entities and items by revision, and the
 * page links. Its hash is the feed's ETag.
 */
export function feedFingerprint(
	req: FeedRequest,
	page: Page,
	origin: string,
	format: FormatName,
	view: "feed" | "page" = "feed",
): string {
	return JSON.stringify([
		content.rev,
		format,
		view,
		origin,
		paths.feed(req.scope, format),
		canonicalSearch(req.query),
		req.entity?.rev,
		req.people.map((e) => e.rev),
		req.films.map((e) => e.rev),
		page.items.map((a) => a.rev),
		page.next,
		page.previous,
		pageUpdated(page),
	]);
}
