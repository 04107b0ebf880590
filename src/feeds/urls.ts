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
	/** The custom element that lists an entity's latest articles on another site. */
	embedScript: () => "/embed.js",
	/** A feed in a format; with none, the URL that redirects to the one the client's Accept header prefers. */
	feed: (scope: FeedScope, format?: FormatName) => {
		const extension = format ? `.${FORMATS[format].extension}` : "";
		return scope.type === "site" ? `/feed${extension}` : `/feed/${scope.type}/${scope.slug}${extension}`;
	},
	/** Every feed, as OPML. */
	opml: () => "/feeds.opml",
	/** The feeds of everyone tagged alongside a film. */
	filmPeopleOpml: (slug: string) => `${section("film")}/${slug}${section("person")}.opml`,
	/** The directory API: every person or film as JSON, and its JSON Schema. */
	api: (type: EntityType) => `/api/${ENTITY_TYPES[type].plural}.json`,
	apiSchema: () => "/api/schema.json",
	asset: (name: string) => `/assets/${name}`,
	favicon: () => "/favicon.ico",
};

/** RFC 4151 tag URIs under the site's authority; the same for every format of a feed. */
export const ids = {
	feed: (authority: string, scope: FeedScope) =>
		scope.type === "site" ? `tag:${authority}:feed` : `tag:${authority}:feed/${scope.type}/${scope.slug}`,
};
