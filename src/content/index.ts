/**
 * Queries over the compiled content. The module holds its head; the rest is read lazily from the
 * content's files (see files.ts and records.ts): startup parses the site and the registries alone.
 * Nothing parses Markdown or YAML at request time.
 */
import { makeCache } from "../caches.ts";
import { head, problems } from "./compiled.js";
import { createEditions, type Edition, editionSourceOf } from "./edition.ts";
import { kindHasFeed } from "./entity-types.ts";
import { createFileStore } from "./files.ts";
import { type ArticleTable, openRecords } from "./records.ts";
import { suggestSlugs } from "./suggest.ts";
import {
	type Article,
	type ArticleIndex,
	type ContentProblem,
	type Entity,
	type EntityRef,
	ORIGIN_PLACEHOLDER,
} from "./types.ts";

export type { Edition } from "./edition.ts";
export {
	ENTITY_KINDS,
	ENTITY_TYPE_NAMES,
	ENTITY_TYPES,
	type EntityTypeRow,
	headingOfAll,
	isByline,
	kindHasFeed,
	perType,
	rowOf,
	schemaTypeOf,
	typeOfPlural,
} from "./entity-types.ts";
export { CONTENT_PATH, ContentNeeded, ContentUnavailable, checkFile } from "./files.ts";
export { formatProblem } from "./problems.ts";
export type { ArticleTable } from "./records.ts";
export type {
	Article,
	ArticleIndex,
	Author,
	ContentProblem,
	Correction,
	Entity,
	EntityRef,
	EntityType,
	Image,
	ImageFile,
	Site,
} from "./types.ts";

/**
 * The content's files this isolate has loaded. Reading one that is not throws ContentNeeded; the
 * HTTP shell (src/http/content.ts) loads what a request needs into it and answers it again.
 */
export const contentFiles = createFileStore(makeCache("contentFiles"));
const opened = openRecords(head, contentFiles);
/** Every content file's name, for tests and the shell's checks. */
export const contentFileNames = (): string[] => Object.values(opened.head.files).flat();
/**
 * The content's problems, when `wrangler dev` built broken content (never in a deployed bundle:
 * `wrangler deploy` stops on them). While there are any, every request answers with them.
 */
export const contentProblems: readonly ContentProblem[] = problems;
/** The head of the compiled content: site, revision, registries without their lists (see PackedContent). */
export const content = opened.head;
export const site = content.site;
/** Every article, newest first (by date, then slug): what listings and pages are cut from. */
export const articles: ArticleTable = opened.articles;
/** The whole article (its body decoded on first use) for an index entry. */
export const loadArticle: (entry: ArticleIndex) => Article = opened.load;
/**
 * Before loading several articles: throws ContentNeeded naming every file their bodies are in that
 * is not loaded, so that a response loads them at once rather than one after another.
 */
export const needArticles: (entries: Iterable<ArticleIndex>) => void = opened.needBodies;

/** Whether an entity has feeds: every person; among the works in films.yaml, films only (see ENTITY_TYPES). */
export const hasFeed = (entity: Entity): boolean => kindHasFeed(entity.type, entity.kind);

/**
 * An entity a visible article names, whole (its description, aliases, image): read from the
 * registry's files. (Items carry what feeds show of their entities: see TaggedEntity. Looking up
 * a slug from a request goes through an edition, which hides what only hidden articles name.)
 */
export const entityOf = (ref: EntityRef): Entity => {
	const entity = opened.findEntity(ref.type, ref.slug);
	if (!entity) throw new Error(`compiled content refers to an unknown ${ref.type} "${ref.slug}"`);
	return entity;
};

/** Before looking several up with entityOf: asks for their files at once (two rounds: the key index, then the entries). */
export const needEntities: (refs: readonly EntityRef[]) => void = opened.needFound;

/** The latest of some ISO 8601 UTC dates (they sort as strings), or undefined if there are none. */
export function latest(isoDates: Iterable<string>): string | undefined {
	let max: string | undefined;
	for (const date of isoDates) if (max === undefined || date > max) max = date;
	return max;
}

/**
 * The content as a reader may see it at an instant (ms): embargoed articles hidden until their
 * dates, and the entities only they name (see edition.ts). Every listing, count, lookup and
 * fingerprint a response is made of comes from the edition of the request's time (src/clock.ts).
 */
export const editionAt: (now: number) => Edition = createEditions(editionSourceOf(opened, suggestSlugs));

/**
 * When the build first saw the site feed's bytes, and every page's, as they are now (entities
 * carry their own `changed`): what Last-Modified is never earlier than.
 */
export const contentChanged = content.changed;

/** An article's HTML with its relative links made absolute against the public origin. */
export const articleHtml = (article: Article, origin: string): string =>
	article.hasRelativeUrls ? article.html.replaceAll(ORIGIN_PLACEHOLDER, origin) : article.html;
