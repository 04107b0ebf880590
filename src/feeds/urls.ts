/**
 * Every public path and identifier, in one place. URLs are absolute: the origin is the site's
 * base_url, or the request's origin when that is unset. Ids never depend on the origin.
 */
import type { EntityType } from "../content/index.ts";

export type FormatName = "rss" | "atom" | "json";

/** The file extension of each format, as it appears in feed URLs. */
export const EXTENSIONS: Record<FormatName, string> = {
	rss: "xml",
	atom: "atom",
	json: "json",
};

/** What a feed is about: the whole site, or one person or film. */
export type FeedScope = { type: "site" } | { type: EntityType; slug: string };

const SECTION: Record<EntityType, string> = { person: "people", film: "films" };

export const paths = {
	home: () => "/",
	article: (slug: string) => `/articles/${slug}`,
	entity: (type: EntityType, slug: string) => `/${SECTION[type]}/${slug}`,
	/** A taxonomy, used as the RSS category domain and the Atom category scheme. */
	taxonomy: (type: EntityType) => `/${SECTION[type]}`,
	/** Every person's or film's page, listed. */
	directory: (type: EntityType) => `/${SECTION[type]}`,
	/** An entity's latest articles, for an iframe on another site. */
	embed: (type: EntityType, slug: string) => `/embed/${type}/${slug}`,
	/** The feeds of everyone tagged alongside a film. */
	filmPeopleOpml: (slug: string) => `/films/${slug}/people.opml`,
	feed: (scope: FeedScope, format: FormatName) =>
		scope.type === "site" ? `/feed.${EXTENSIONS[format]}` : `/feed/${scope.type}/${scope.slug}.${EXTENSIONS[format]}`,
};

/** RFC 4151 tag URIs under the site's authority; the same for every format of a feed. */
export const ids = {
	feed: (authority: string, scope: FeedScope) =>
		scope.type === "site" ? `tag:${authority}:feed` : `tag:${authority}:feed/${scope.type}/${scope.slug}`,
};
