/**
 * Every public path and identifier, in one place: routes (src/index.ts), links in feeds, pages and
 * OPML, and the directory all take their paths from here. URLs are absolute: the origin is the
 * site's base_url, or the request's origin when that is unset. Ids never depend on the origin.
 */
import { ENTITY_TYPES, type EntityType } from "../content/entity-types.ts";
import { FORMATS, type FormatName } from "./formats.ts";

/** What a feed is about: the whole site, or one person or film. */
export type FeedScope = { type: "site" } | { type: EntityType; slug: string };

const section = (type: EntityType) => `/${ENTITY_TYPES[type].plural}`;

export const paths = {
	home: () => "/",
	article: (slug: string) => `/articles/${slug}`,
	/** Every person's or film's page, listed; also the RSS category domain and the Atom category scheme. */
	directory: (type: EntityType) => section(type),
	entity: (type: EntityType, slug: string) => `${section(type)}/${slug}`,
	/** An entity's latest articles, for an iframe on another site. */
	embed: (type: EntityType, slug: string) => `/embed/${type}/${slug}`,
	/** Where every embed page is. */
	embeds: () => "/embed/",
	/** The custom element that lists an entity's latest articles on another site. */
	embedScript: () => "/embed.js",
	/** A feed in a format; with none, the URL that redirects to the one the client's Accept header prefers. */
	feed: (scope: FeedScope, format?: FormatName) => {
		const extension = format ? `.${FORMATS[format].extension}` : "";
		return scope.type === "site" ? `/feed${extension}` : `/feed/${scope.type}/${scope.slug}${extension}`;
	},
	/** Pick several people, films and series and get one combined feed (and an OPML of their feeds). */
	follow: () => "/follow",
	followOpml: () => "/follow.opml",
	/** Every feed, as OPML. */
	opml: () => "/feeds.opml",
	/** The feeds of everyone tagged alongside a film. */
	filmPeopleOpml: (slug: string) => `${section("film")}/${slug}${section("person")}.opml`,
	/** The directory API: every person or film as JSON, and its JSON Schema. */
	api: (type: EntityType) => `/api/${ENTITY_TYPES[type].plural}.json`,
	apiSchema: () => "/api/schema.json",
	asset: (name: string) => `/assets/${name}`,
	/** Every page for search engines: one file, or an index of numbered ones (sitemap.ts). */
	sitemap: () => "/sitemap.xml",
	sitemapFile: (k: number) => `/sitemaps/${k}.xml`,
	robots: () => "/robots.txt",
	favicon: () => "/favicon.ico",
	/** The web app manifest: the site's name and icons for a home screen. */
	manifest: () => "/manifest.webmanifest",
};

/**
 * Where other sites publish their feed, and readers probe for one (WordPress /feed/ and
 * /feed/atom/, Ghost /rss/, Hugo /index.xml, Jekyll /atom.xml, Blogger /feeds/posts/default…):
 * each answers with the site feed, the same bytes and validators as its own URL, not a redirect.
 * The trailing slashes are kept: these are the exact paths probed.
 */
export const FEED_ALIASES: ReadonlyMap<string, FormatName> = new Map([
	["/rss.xml", "rss"],
	["/rss", "rss"],
	["/rss/", "rss"],
	["/index.xml", "rss"],
	["/index.rss", "rss"],
	["/feed.rss", "rss"],
	["/feed/", "rss"],
	["/feed/rss/", "rss"],
	["/atom.xml", "atom"],
	["/atom", "atom"],
	["/feed/atom/", "atom"],
	["/feeds/posts/default", "atom"],
	["/feed/json/", "json"],
]);

/** RFC 4151 tag URIs under the site's authority; the same for every format of a feed. */
export const ids = {
	feed: (authority: string, scope: FeedScope) =>
		scope.type === "site" ? `tag:${authority}:feed` : `tag:${authority}:feed/${scope.type}/${scope.slug}`,
};
