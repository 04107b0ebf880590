/**
 * Queries over the compiled content. The index (registries, and what listing and paging need of
 * each article) is parsed once per isolate; an article's body is decoded from the records module
 * the first time a response needs it. Nothing parses Markdown or YAML at request time.
 */
import { ByteLru } from "../byte-lru.ts";
import { content, records } from "./compiled.js";
import {
	type Article,
	type ArticleBody,
	type ArticleIndex,
	type Entity,
	type EntityRef,
	type EntityType,
	ORIGIN_PLACEHOLDER,
	type PackedArticle,
} from "./types.ts";

export type { Article, ArticleIndex, Author, Entity, EntityRef, EntityType, Site } from "./types.ts";

export { content };
export const site = content.site;
for (const entry of content.articles) entry.updated ??= entry.date;
/** Every article, newest first (by date, then slug): what listings and pages are cut from. */
export const articles: readonly ArticleIndex[] = content.articles as ArticleIndex[];

const registries: Record<EntityType, readonly Entity[]> = { person: content.people, film: content.films };
const byKey = new Map<string, Entity>(
	[...content.people, ...content.films].map((entity) => [`${entity.type}:${entity.slug}`, entity]),
);
const articleBySlug = new Map(articles.map((article) => [article.slug, article]));

/** Only films, among the works in films.yaml, have film feeds; every person has one. */
export const hasFeed = (entity: Entity): boolean => entity.type === "person" || entity.kind === "film";

export const entitiesOf = (type: EntityType): readonly Entity[] => registries[type];

export const findEntity = (type: EntityType, slug: string): Entity | undefined => byKey.get(`${type}:${slug}`);

export const entityOf = (ref: EntityRef): Entity => {
	const entity = byKey.get(`${ref.type}:${ref.slug}`);
	if (!entity) throw new Error(`compiled content refers to an unknown ${ref.type} "${ref.slug}"`);
	return entity;
};

const bytes = new Uint8Array(records);
const decoder = new TextDecoder();
/** Decoded articles, most recently used kept: at most 16 MiB of text. */
const decoded = new ByteLru<{ article: Article; size: number }>(16 * 1024 * 1024, 20_000);

/** The whole article for an index entry, decoding its body on first use. */
export function loadArticle(entry: ArticleIndex): Article {
	const packed = entry as PackedArticle;
	const hit = decoded.get(packed.slug);
	if (hit) return hit.article;
	const body = JSON.parse(decoder.decode(bytes.subarray(packed.at, packed.at + packed.length))) as ArticleBody;
	const article: Article = { slug: packed.slug, date: packed.date, updated: entry.updated, rev: packed.rev, ...body };
	decoded.set(packed.slug, { article, size: packed.length * 2 });
	return article;
}

export const findArticle = (slug: string): Article | undefined => {
	const entry = articleBySlug.get(slug);
	return entry && loadArticle(entry);
};

export const articlesOf = (entity: Entity): ArticleIndex[] => entity.articles.map((i) => articles[i] as ArticleIndex);

/** The latest of some ISO 8601 UTC dates (they sort as strings), or undefined if there are none. */
export function latest(isoDates: Iterable<string>): string | undefined {
	let max: string | undefined;
	for (const date of isoDates) if (max === undefined || date > max) max = date;
	return max;
}

/** The newest change anywhere in the content: the `updated` of a feed that has no items. */
export const contentUpdated: string = latest(articles.map((a) => a.updated)) ?? "1970-01-01T00:00:00.000Z";

/** An article's HTML with its relative links made absolute against the public origin. */
export const articleHtml = (article: Article, origin: string): string =>
	article.hasRelativeUrls ? article.html.replaceAll(ORIGIN_PLACEHOLDER, origin) : article.html;
