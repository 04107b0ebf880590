/**
 * Queries over the compiled content. Everything here is computed once per isolate from the
 * module the content compiler wrote; nothing parses Markdown or YAML at request time.
 */
import { content } from "./compiled.js";
import { type Article, type Entity, type EntityRef, type EntityType, ORIGIN_PLACEHOLDER } from "./types.ts";

export type {
	Article,
	Author,
	Entity,
	EntityRef,
	EntityType,
	Site,
} from "./types.ts";

export { content };
export const site = content.site;
export const articles: readonly Article[] = content.articles;

const registries: Record<EntityType, readonly Entity[]> = {
	person: content.people,
	film: content.films,
};
const byKey = new Map<string, Entity>(
	[...content.people, ...content.films].map((entity) => [`${entity.type}:${entity.slug}`, entity]),
);
const articleBySlug = new Map(content.articles.map((article) => [article.slug, article]));

/** Only films, among the works in films.yaml, have film feeds; every person has one. */
export const hasFeed = (entity: Entity): boolean => entity.type === "person" || entity.kind === "film";

export const entitiesOf = (type: EntityType): readonly Entity[] => registries[type];

export const findEntity = (type: EntityType, slug: string): Entity | undefined => byKey.get(`${type}:${slug}`);

export const entityOf = (ref: EntityRef): Entity => {
	const entity = byKey.get(`${ref.type}:${ref.slug}`);
	if (!entity) throw new Error(`compiled content refers to an unknown ${ref.type} "${ref.slug}"`);
	return entity;
};

export const findArticle = (slug: string): Article | undefined => articleBySlug.get(slug);

export const articlesOf = (entity: Entity): Article[] => entity.articles.map((i) => content.articles[i] as Article);

/** The latest of some ISO 8601 UTC dates (they sort as strings), or undefined if there are none. */
export function latest(isoDates: Iterable<string>): string | undefined {
	let max: string | undefined;
	for (const date of isoDates) if (max === undefined || date > max) max = date;
	return max;
}

/** The newest change anywhere in the content: the `updated` of a feed that has no items. */
export const contentUpdated: string = latest(content.articles.map((a) => a.updated)) ?? "1970-01-01T00:00:00.000Z";

/** An article's HTML with its relative links made absolute against the public origin. */
export const articleHtml = (article: Article, origin: string): string =>
	article.hasRelativeUrls ? article.html.replaceAll(ORIGIN_PLACEHOLDER, origin) : article.html;
