/**
 * Queries over the compiled content. The index (registries, and what listing and paging need of
 * each article) is parsed once per isolate; an article's body is decoded from the records module
 * the first time a response needs it. Nothing parses Markdown or YAML at request time.
 */
import { inflateRawSync } from "node:zlib";
import { ByteLru } from "../byte-lru.ts";
import { indexBytes, records } from "./compiled.js";
import {
	type Article,
	type ArticleBody,
	type ArticleIndex,
	type Entity,
	type EntityRef,
	type EntityType,
	ORIGIN_PLACEHOLDER,
	type PackedContent,
} from "./types.ts";

export type { Article, ArticleIndex, Author, Entity, EntityRef, EntityType, Site } from "./types.ts";

const bytes = new Uint8Array(records);
const decoder = new TextDecoder();
/** The index: registries, and what listing and paging need of each article (see PackedContent). */
export const content = JSON.parse(decoder.decode(inflateRawSync(bytes.subarray(0, indexBytes)))) as PackedContent;
export const site = content.site;
const columns = content.articles;
/** Every article, newest first (by date, then slug): what listings and pages are cut from. */
export const articles: readonly ArticleIndex[] = columns.slug.map((slug, i) => {
	const date = columns.date[i] as string;
	return { slug, date, updated: columns.updated[i] ?? date, rev: columns.rev[i] as string };
});

const registries: Record<EntityType, readonly Entity[]> = { person: content.people, film: content.films };
const byKey = new Map<string, Entity>(
	[...content.people, ...content.films].map((entity) => [`${entity.type}:${entity.slug}`, entity]),
);
/** Each article's position in `articles`, by slug. */
const positions = new Map(articles.map((article, i) => [article.slug, i]));

/** Only films, among the works in films.yaml, have film feeds; every person has one. */
export const hasFeed = (entity: Entity): boolean => entity.type === "person" || entity.kind === "film";

export const entitiesOf = (type: EntityType): readonly Entity[] => registries[type];

export const findEntity = (type: EntityType, slug: string): Entity | undefined => byKey.get(`${type}:${slug}`);

export const entityOf = (ref: EntityRef): Entity => {
	const entity = byKey.get(`${ref.type}:${ref.slug}`);
	if (!entity) throw new Error(`compiled content refers to an unknown ${ref.type} "${ref.slug}"`);
	return entity;
};

/** Decoded articles, most recently used kept: at most 16 MiB of text. */
const decoded = new ByteLru<{ article: Article; size: number }>(16 * 1024 * 1024, 20_000);

/**
 * The whole article for an index entry. Its body is in a compressed chunk of the records module
 * (see PackedContent); the first article asked for from a chunk inflates it, and every article
 * of the chunk is kept, since feeds list neighbours together.
 */
export function loadArticle(entry: ArticleIndex): Article {
	const hit = decoded.get(entry.slug);
	if (hit) return hit.article;
	const k = Math.floor((positions.get(entry.slug) ?? 0) / content.chunkSize);
	const raw = inflateRawSync(
		bytes.subarray(indexBytes + (content.chunks[k] ?? 0), indexBytes + (content.chunks[k + 1] ?? 0)),
	);
	const bodies = JSON.parse(decoder.decode(raw)) as ArticleBody[];
	const size = (raw.byteLength * 2) / bodies.length;
	let found: Article | undefined;
	bodies.forEach((body, i) => {
		const index = articles[k * content.chunkSize + i] as ArticleIndex;
		const article: Article = { ...index, ...body };
		decoded.set(index.slug, { article, size });
		if (index.slug === entry.slug) found = article;
	});
	if (!found) throw new Error(`compiled content has no body for article "${entry.slug}"`);
	return found;
}

export const findArticle = (slug: string): Article | undefined => {
	const position = positions.get(slug);
	const entry = position === undefined ? undefined : articles[position];
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
