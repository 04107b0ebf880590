/**
 * The format-neutral feed: what every renderer turns into RSS, Atom or JSON Feed. Built from the
 * compiled content for one resolved request (see resolve.ts) and one origin; holds absolute URLs
 * and ISO dates only.
 */
import {
	type Article,
	type ArticleIndex,
	type Author,
	articleHtml,
	articles,
	type Edition,
	ENTITY_TYPE_NAMES,
	type Entity,
	type EntityType,
	isByline,
	kindHasFeed,
	latest,
	loadArticle,
	needArticles,
	site,
} from "../content/index.ts";
import { correctionsHtml } from "./corrections.ts";
import { type FeedLinks, FORMAT_NAMES } from "./formats.ts";
import { ICONS, iconUrl } from "./icons.ts";
import { feedImagesOf, figureHtml, type ShownFile, type ShownImage, showImage } from "./images.ts";
import { canonicalSearch, type FeedQuery, LIMIT, noFilters } from "./query.ts";
import { listing, type Page, selectPage } from "./select.ts";
import { type FeedScope, ids, paths } from "./urls.ts";

export type { FeedLinks } from "./formats.ts";

/** What a feed request asks for, its slugs resolved to entities (see resolve.ts). */
export type FeedRequest = {
	/** The content as the request may see it (embargoed articles hidden until their time). */
	edition: Edition;
	scope: FeedScope;
	/** The person or film of a /feed/{type}/{slug} URL. */
	entity?: Entity;
	query: FeedQuery;
	/** The entities of the query's filters (person=, film=), by type. */
	filters: Record<EntityType, Entity[]>;
};

export type EntityLink = {
	type: EntityType;
	slug: string;
	name: string;
	/** One of its type's kinds: "person", "film", "series", "game"… */
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
	/** Sanitized HTML with absolute URLs; the lead image, if any, is its first figure. */
	html: string;
	/** The lead image. */
	image?: ShownImage;
	published: string;
	updated: string;
	source?: string;
	/** Its bylines: the authors registry's entries named in front matter, else its free-form author; may be none. */
	authors: Author[];
	/** Every entity it is tagged with, bylines included (see isByline for which are subjects). */
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
	/** WebSub hubs that are told when the feed changes (rel="hub"). */
	hubs: readonly string[];
	/**
	 * The feed's images, as absolute URLs: the site's icons (see icons.ts), or for an entity's feed
	 * its own image where it has one (a portrait, a poster; see feedImagesOf).
	 */
	icons: {
		/** JSON Feed `icon`: square, 512 pixels. */
		large: string;
		/** Atom <icon>: small and square. */
		icon: string;
		/** JSON Feed `favicon`: the site's. */
		favicon: string;
		/** Atom <logo>: the site's, twice as wide as high. */
		logo: string;
		/** RSS <image>, with its size: at most 144 × 400. */
		rss: Pick<ShownFile, "url" | "width" | "height">;
	};
	items: FeedItem[];
};

/** A feed's URL in every format. */
export const feedLinks = (origin: string, scope: FeedScope, search = ""): FeedLinks =>
	Object.fromEntries(FORMAT_NAMES.map((f) => [f, origin + paths.feed(scope, f) + search])) as FeedLinks;

/** What an entity link is made from: an entity, or an item's tagged entity (TaggedEntity). */
type Linkable = Pick<Entity, "type" | "slug" | "name" | "kind" | "year">;

export function entityLink(origin: string, entity: Linkable): EntityLink {
	return {
		type: entity.type,
		slug: entity.slug,
		name: entity.name,
		kind: entity.kind,
		...(entity.year === undefined ? {} : { year: entity.year }),
		url: origin + paths.entity(entity.type, entity.slug),
		...(kindHasFeed(entity.type, entity.kind) ? { feeds: feedLinks(origin, entity) } : {}),
		scheme: origin + paths.directory(entity.type),
	};
}

const toItem = (origin: string, entry: ArticleIndex): FeedItem => itemFrom(origin, loadArticle(entry));

/** A page's items: their bodies' files are asked for together first, so that they load at once. */
function itemsOf(origin: string, entries: readonly ArticleIndex[]): FeedItem[] {
	needArticles(entries);
	return entries.map((a) => toItem(origin, a));
}

/** A feed item for an article: its tagged entities as it carries them (TaggedEntity), no registry read. */
export function itemFrom(origin: string, article: Article): FeedItem {
	const image = article.image && showImage(origin, article.image);
	return {
		id: article.id,
		rev: article.rev,
		url: origin + paths.article(article.slug),
		title: article.title,
		summary: article.summary,
		// Corrections first, then the lead image, then the text (readers show the start of the content).
		html: correctionsHtml(article.corrections) + (image ? figureHtml(image) : "") + articleHtml(article, origin),
		...(image ? { image } : {}),
		published: article.date,
		updated: article.updated,
		...(article.source ? { source: article.source } : {}),
		authors: authorsOf(origin, article),
		entities: article.entities.map((tagged) => entityLink(origin, tagged)),
	};
}

/** How an entity is named in titles and lists: its name, and a work's year. */
/** An article's authors: its bylines from the authors registry (each with their page here), else its own `author`. */
export function authorsOf(origin: string, article: Article): Author[] {
	const bylines = article.entities.filter((ref) => isByline(ref.type));
	if (bylines.length === 0) return article.author ? [article.author] : [];
	return bylines.map((e) => ({
		name: e.name,
		url: origin + paths.entity(e.type, e.slug),
		...(e.email ? { email: e.email } : {}),
	}));
}

export const entityLabel = (entity: Entity): string =>
	entity.year === undefined ? entity.name : `${entity.name} (${entity.year})`;

/** A feed request for a scope alone: every article of the site, person or film, first page. */
export const plainRequest = (
	edition: Edition,
	scope: FeedScope,
	entity?: Entity,
	query: Partial<FeedQuery> = {},
): FeedRequest => ({
	edition,
	scope,
	...(entity ? { entity } : {}),
	query: { filters: noFilters(), limit: LIMIT.default, ...query },
	filters: noFilters(),
});

/** The filter groups of a request, in type order. */
export const filterGroups = (req: FeedRequest): Entity[][] => ENTITY_TYPE_NAMES.map((type) => req.filters[type]);

/** Whether a request narrows its listing by entities (then it reads their lists). */
export const isFiltered = (req: FeedRequest): boolean => filterGroups(req).some((group) => group.length > 0);

/** The article indexes a request lists (before `since`), or undefined for every article. */
export const listingOf = (req: FeedRequest) =>
	listing(req.edition, req.entity, filterGroups(req), req.query.match === "any");

/**
 * The page of articles a request selects. The first page of one entity's feed, unfiltered, reads
 * its newest `limit` articles and the one after (whether there is a next page) from its entry,
 * not its whole list: the list of the most written about runs to a quarter of the archive.
 */
export const pageOf = (req: FeedRequest): Page => {
	const first =
		req.entity &&
		!req.query.before &&
		!req.query.since &&
		!isFiltered(req) &&
		req.edition.firstOf(req.entity, req.query.limit + 1);
	return selectPage(articles, first || listingOf(req), req.query, req.edition.hidden);
};

/** The newest date among a page's items, or of the visible content for an empty page. */
export const pageUpdated = (req: FeedRequest, page: Page): string =>
	latest(page.items.map((a) => a.updated)) ?? req.edition.updated;

function describe(req: FeedRequest) {
	const groups = filterGroups(req).filter((g) => g.length);
	const filters =
		req.query.match === "any"
			? groups.length
				? [groups.flat().map(entityLabel).join(" or ")]
				: []
			: groups.map((g) => g.map(entityLabel).join(" or "));
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

/**
 * The WebSub hubs a feed names: the site's, for a feed of the site or of one entity as it is (no
 * query), whose changes the deploy and the Cron Trigger announce; none for a filtered, paged or
 * `since` feed, which no hub is ever told of.
 */
export const hubsFor = (canonicalQuery: string): readonly string[] => (canonicalQuery === "" ? site.hubs : []);

/** A feed's images: the site's icons, in place of which an entity's feed shows its own image. */
function feedIcons(origin: string, entity: Entity | undefined): FeedDoc["icons"] {
	const own = feedImagesOf(origin, entity?.image);
	return {
		large: own.large?.url ?? iconUrl(origin, "large"),
		icon: own.icon?.url ?? iconUrl(origin, "favicon64"),
		favicon: iconUrl(origin, "favicon64"),
		logo: iconUrl(origin, "logo"),
		rss: own.rss ?? { url: iconUrl(origin, "rss"), width: ICONS.rss.width, height: ICONS.rss.height },
	};
}

/** The feed document for a resolved request (see resolveFeed), on one page of its listing. */
export function buildFeed(req: FeedRequest, origin: string, page: Page = pageOf(req)): FeedDoc {
	const search = canonicalSearch(req.query);
	const pages = paging(origin, req, page);
	return {
		scope: req.scope,
		// A renamed entity's feed keeps the id of its first slug: readers see the same feed.
		id: ids.feed(
			site.idAuthority,
			req.entity ? { type: req.entity.type, slug: req.entity.oldSlugs?.[0] ?? req.entity.slug } : req.scope,
		),
		...describe(req),
		homePageUrl: origin + (req.entity ? paths.entity(req.entity.type, req.entity.slug) : paths.home()),
		language: site.language,
		feeds: feedLinks(origin, req.scope, search),
		...(pages ? { paging: pages } : {}),
		updated: pageUpdated(req, page),
		author: site.author,
		hubs: hubsFor(search),
		icons: feedIcons(origin, req.entity),
		items: itemsOf(origin, page.items),
	};
}
