/**
 * The compiled content: what the content compiler (scripts/build-content.ts) writes and the
 * Worker imports. Plain data, already validated, rendered and indexed at build time.
 */

import type { EntityType } from "./entity-types.ts";

export type { EntityType } from "./entity-types.ts";

/** A problem in the content, located by file, line and field, so the editor can go straight to it. */
export type ContentProblem = {
	file: string;
	line: number;
	/** Dotted path of the field, e.g. "date" or "people.add[0]"; "" for the file as a whole. */
	field: string;
	message: string;
};

export type Author = {
	name: string;
	email?: string;
	url?: string;
};

export type Site = {
	title: string;
	description: string;
	/** BCP 47 language tag, e.g. "en". */
	language: string;
	/** Public origin with no trailing slash, or undefined to use each request's origin. */
	baseUrl?: string;
	/** RFC 4151 tag authority, "domain,date": every id starts with `tag:${idAuthority}:`. */
	idAuthority: string;
	author: Author;
	/** WebSub hubs every feed names, and that deploys and embargoes lifting notify. */
	hubs: string[];
};

/** One published size of an image. */
export type ImageFile = {
	/** A path on the site ("/images/…", resolved against the public origin when rendered), or an https URL. */
	url: string;
	width: number;
	height: number;
	/** Its media type (image/jpeg, image/png…). */
	type: string;
	/** Its size in bytes, where known (published images, not remote ones). */
	bytes?: number;
};

/**
 * An image of an article (its lead image) or of a registry entry (a portrait, a poster), in every
 * size the build published. A remote image (an https URL the build does not fetch) has one size,
 * the one its front matter gives, and no crops.
 */
export type Image = {
	/** What it shows, for readers who cannot see it. */
	alt: string;
	credit?: string;
	caption?: string;
	/** By width, narrowest first; the widest is the image (og:image, media:content, JSON Feed `image`). */
	sizes: ImageFile[];
	/** Square crops, smallest first: a feed's icon. */
	squares?: ImageFile[];
	/** A size within RSS <image>'s 144 × 400 pixels. */
	rss?: ImageFile;
};

export type Entity = {
	type: EntityType;
	slug: string;
	/** Display name (people) or title (films). */
	name: string;
	aliases: string[];
	description: string;
	/** One of its type's kinds (see ENTITY_TYPES): "person"; "film", "series", "game"… */
	kind: string;
	year?: number;
	/** An author's own page elsewhere and address, published with their bylines. */
	url?: string;
	email?: string;
	/** A portrait, a poster: shown on its page and as its feeds' image. */
	image?: Image;
	/** The slugs it had before, oldest first: their URLs redirect here, and its feeds' ids keep the first. */
	oldSlugs?: string[];
	/** Indexes into `CompiledContent.articles`, newest first. */
	articles: number[];
	/** Changes exactly when a field that feeds show (slug, name, kind, year, description) changes. */
	rev: string;
	/** When the build first saw its feed's articles and fields as they are now (ISO 8601 UTC): see FeedHistory. */
	changed: string;
};

export type EntityRef = {
	type: EntityType;
	slug: string;
};

/**
 * What listing, ordering, paging and filtering need of an article, and what a list of links to
 * articles shows (its title): a page of 100 links reads the index alone. The rest (ArticleBody) is
 * decoded separately, when a response first needs it.
 */
export type ArticleIndex = {
	/** Its place among all articles, newest first: what entities' `articles` lists hold. */
	position: number;
	slug: string;
	title: string;
	/** ISO 8601 date-time in UTC. */
	date: string;
	/** ISO 8601 date-time in UTC; equals `date` when the article was never updated. */
	updated: string;
	/** Changes exactly when the article, or how its tagged entities are shown, changes. */
	rev: string;
};

export type ArticleBody = {
	/** Stable, never reused: tag URI from the site's authority, the publication date and the slug. */
	id: string;
	/** Plain text. */
	summary: string;
	source?: string;
	author?: Author;
	/** The lead image, shown above the text (and first in the feeds' HTML). */
	image?: Image;
	/** Corrections, oldest first, each shown above the text with its date (ISO 8601 UTC). */
	corrections?: Correction[];
	/** Sanitized HTML, free of characters XML 1.0 forbids. */
	html: string;
	/** Whether `html` holds ORIGIN_PLACEHOLDER URLs to resolve against the public origin. */
	hasRelativeUrls: boolean;
	/** Tagged entities in registry order, registries in ENTITY_TYPES order (people, then films and other works). */
	entities: TaggedEntity[];
};

export type Article = ArticleIndex & ArticleBody;

export type Correction = { date: string; note: string };

/** An article as the compiler writes it: its position is its place in `CompiledContent.articles`. */
export type CompiledArticle = Omit<Article, "position" | "entities"> & { entities: EntityRef[] };

/**
 * A block of the article index as the compiled module stores it: one column per field, and
 * `updated` only where it differs from `date`, by place in the block.
 */
export type PackedArticles = {
	slug: string[];
	title: string[];
	date: string[];
	rev: string[];
	updated: Record<number, string>;
};

/** The compiler's output, whole. */
export type CompiledContent = {
	/** Revision of the site settings and of the code that renders responses (src/, feed, hono). */
	rev: string;
	/** Changes exactly when an article or a registry entry does: with `rev`, what every page is made of. */
	fingerprint: string;
	site: Site;
	/** Newest first (by date, then slug). */
	articles: CompiledArticle[];
	/** Each registry, in its order, every kind (see ENTITY_TYPES for which kinds have feeds). */
	entities: Record<EntityType, Entity[]>;
	/**
	 * The dates of the articles dated after the build, newest first: `articles` begins with them,
	 * and each is hidden, with every entity only hidden articles name, until its date (see
	 * src/content/edition.ts). `fingerprint`, `changed` and the history leave them out.
	 */
	embargoes: string[];
	/**
	 * Old slugs to new ones (articles, and each registry's entries): an old URL answers 301 to the
	 * new one. Withdrawn articles by every slug they had, to the reason (their URLs answer 410 Gone).
	 */
	renames: { articles: Record<string, string>; entities: Record<EntityType, Record<string, string>> };
	withdrawn: Record<string, string>;
	/**
	 * When the build first saw, as they are now (ISO 8601 UTC): the code and site revision, the
	 * site feed's articles, and every page's content. A Last-Modified is never earlier than the
	 * latest of those that its bytes depend on (see scripts/compiler/history.ts).
	 */
	changed: { revision: string; site: string; content: string };
	/** The build's record of every feed's fingerprint and when it last changed, to write back. */
	history: Record<string, { fingerprint: string; changed: string }>;
};

/**
 * Relative URLs in article HTML are resolved at build time against this reserved origin (RFC 2606
 * `.invalid`), and the Worker swaps in the public origin when it renders, so every URL a reader
 * sees is absolute. Articles whose HTML contains it have `hasRelativeUrls` set.
 */
export const ORIGIN_PLACEHOLDER = "https://reelfeed.invalid";

/**
 * A registry entry as the registry's files store it: its article list is in the lists' files, but
 * how many articles it has and its oldest (counted from the oldest article: see fromOldest in
 * records.ts), which say whether an edition shows it (see hiddenAt in edition.ts) without reading
 * the list.
 */
export type PackedEntity = Omit<Entity, "articles"> & {
	count: number;
	oldest: number;
	/** The latest `updated` of its articles but the embargoed ones ("" if only those name it): its page's lastmod. */
	latest: string;
	/** The `date` of its newest article but the embargoed ones ("" if only those name it). */
	newest: string;
	/**
	 * Its newest `layout.recent` articles (all of them, for most), newest first, as places from the
	 * oldest (see fromOldest in records.ts): what a feed's first page, a page's list or an embed
	 * shows, without its list, which for the most written about runs to a quarter of the archive.
	 * Kept apart from the entry, in the files of kind `recent` (see PackedContent), which only
	 * those read: a directory, the home page or an article's links read entries alone.
	 */
	recent: number[];
};

/** An entity as an article's items show it: what a feed needs of it, so that a feed reads no registry. */
export type TaggedEntity = EntityRef & Pick<Entity, "name" | "kind" | "year" | "email">;

/** How the content is cut into sections and files (see LAYOUT in pack.ts). */
export type ContentLayout = {
	blockSize: number;
	blocksPerFile: number;
	chunkSize: number;
	chunksPerFile: number;
	bucketSize: number;
	bucketsPerFile: number;
	listChars: number;
	listSectionsPerFile: number;
	recent: number;
	updatesPerSection: number;
	updateSectionsPerFile: number;
	entitiesPerSection: number;
	entitySectionsPerFile: number;
	keysPerSection: number;
	keySectionsPerFile: number;
};

/**
 * The head of the compiled content, which the Worker module holds: CompiledContent without its
 * articles, and the names of the content's files (see files.ts), published as static assets. Each
 * kind of file holds its sections in order, `layout.…PerFile` to a file:
 * - index: blocks of `blockSize` consecutive articles (PackedArticles), cut from the oldest (see
 *   cutFromOldest in records.ts);
 * - bodies: chunks of `chunkSize` consecutive articles' bodies (JSON arrays of ArticleBody), cut so too;
 * - slugs: the slug index's `slugBuckets` buckets (see slugBucket in records.ts), `[slugs, places]`
 *   each, a place being an article's position counted from the oldest (see fromOldest in records.ts);
 * - lists: the entities' article lists, registries in ENTITY_TYPES order: section g holds entities
 *   listGroups[g] to listGroups[g + 1] (exclusive), as a JSON array of arrays of places, newest first;
 * - updates: every distinct `updated`, oldest first, `updatesPerSection` to a section, whose first
 *   values are `updatesFirst`;
 * - registry: the registries' entries (PackedEntity without `recent`), `entitiesPerSection` to a
 *   section, by `k`;
 * - recent: the same entries' `recent`, as the registry is cut (a section's are its section's);
 * - keys: per type, every key of every entry (see keysOf in pack.ts), sorted by key then slug,
 *   `keysPerSection` to a section, each `[keys, slugs, ks]`: what finds an entity by slug and
 *   suggests the nearest to one that names nothing.
 */
export type PackedContent = Omit<CompiledContent, "articles" | "entities" | "history"> & {
	/**
	 * Each type's table: the entities some article names (those with feeds first, each in registry
	 * order), at `start` to `start + count` of the registry files' entries (PackedEntity, counted
	 * across types: their `k`, which their lists share); the sections of the key index it starts at,
	 * with each one's first [key, slug]; and the `k` of its POPULAR most written about with feeds.
	 */
	registry: Record<
		EntityType,
		{ start: number; count: number; withFeeds: number; keys: [number, [string, string][]]; popular: number[] }
	>;
	/**
	 * The entities that only embargoed articles name, each `[k, oldest]` (the position of its
	 * oldest article): hidden while that article is (see hiddenAt in edition.ts).
	 */
	embargoOnly: [number, number][];
	/** For each embargoed article (newest first, as `embargoes`), the `k` of every entity it names. */
	embargoNames: number[][];
	articleCount: number;
	/** The newest `updated` of the articles but the embargoed ones (the epoch if there are none). */
	updated: string;
	layout: ContentLayout;
	files: {
		index: string[];
		bodies: string[];
		slugs: string[];
		lists: string[];
		updates: string[];
		registry: string[];
		recent: string[];
		keys: string[];
	};
	/** Each index file's first article, [date, slug]: a cursor finds its file without reading the others. */
	indexFirst: [string, string][];
	slugBuckets: number;
	listGroups: number[];
	updatesFirst: string[];
};
