/**
 * What a URL names, resolved against the content, or the problem that says why not: one place for
 * every route that takes a slug or a feed query (feeds, pages, embeds, OPML). A problem is data (a
 * thing not found, with the nearest slugs as suggestions; or bad query parameters); the HTTP
 * layer only maps it to a response.
 */
import {
	type Article,
	articles,
	content,
	type Edition,
	ENTITY_TYPE_NAMES,
	ENTITY_TYPES,
	type Entity,
	type EntityType,
	hasFeed,
	needEntities,
} from "../content/index.ts";
import { suggestSlugs } from "../content/suggest.ts";
import { quoted } from "./escape.ts";
import { FORMATS, type Format, formatByExtension } from "./formats.ts";
import { entityLabel, type FeedRequest, isFiltered, listingOf } from "./model.ts";
import { type FeedQuery, LIMIT, noFilters, parseFeedQuery, QUERY_PARAMETERS, type QueryProblem } from "./query.ts";
import { canonicalCursor } from "./select.ts";
import { type FeedScope, paths } from "./urls.ts";

/** A link a not-found answer offers: where the visitor may have meant to go. */
export type Suggestion = { slug: string; href: string; label: string };

export type Problem =
	| {
			kind: "not-found";
			/** What was not found, and what there is instead, in a sentence or two. */
			detail: string;
			suggestions: Suggestion[];
			/** Every slug that would have been found, for programs. */
			valid?: string[];
	  }
	| { kind: "bad-query"; problems: QueryProblem[] }
	/** Renamed: the slug it has now (its old URLs answer 301 to the new ones). */
	| { kind: "moved"; from: string; to: string }
	/** Withdrawn: why. */
	| { kind: "gone"; detail: string; reason: string };

export type Resolved<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const found = <T>(value: T): Resolved<T> => ({ ok: true, value });
const notFound = (detail: string, suggestions: Suggestion[] = [], valid?: string[]): Resolved<never> => ({
	ok: false,
	problem: { kind: "not-found", detail, suggestions, ...(valid ? { valid } : {}) },
});
const badQuery = (problems: QueryProblem[]): Resolved<never> => ({
	ok: false,
	problem: { kind: "bad-query", problems },
});

/** The one wording of a slug that names nothing (a 404's detail, a query parameter's reason). */
const noSuch = (type: EntityType, slug: string, feed: boolean) =>
	`there is no ${type} ${quoted(slug)}${feed ? " with a feed" : ""}`;

const didYouMean = (like: readonly Suggestion[]) =>
	like.length ? `did you mean ${like.map((s) => s.slug).join(" or ")}?` : "";

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The entity an old slug of its type was renamed to, if the edition shows it. */
function renamedEntity(ed: Edition, type: EntityType, slug: string): Entity | undefined {
	const renames = content.renames.entities[type];
	const now = Object.hasOwn(renames, slug) ? renames[slug] : undefined;
	return now === undefined ? undefined : ed.findEntity(type, now);
}

/**
 * How many valid slugs a not-found lists for programs (`valid_slugs`), at most: past that, the
 * directory API pages through them.
 */
const VALID_LISTED = 1_000;

/** The nearest slugs to one that names nothing, each with its page: only entities the edition shows. */
function suggestEntities(ed: Edition, type: EntityType, slug: string, feed: boolean): Suggestion[] {
	return ed.nearest(type, slug, feed).map((e) => ({
		slug: e.slug,
		href: paths.entity(type, e.slug),
		label: entityLabel(e),
	}));
}

/**
 * The entity of type `type` with this slug; with `feed`, only one that has a feed (every person;
 * a work of kind film). Otherwise a not-found that explains, suggests the nearest slugs, and lists
 * the valid ones.
 */
export function resolveEntity(
	ed: Edition,
	type: EntityType,
	slug: string,
	{ feed }: { feed: boolean },
): Resolved<Entity> {
	const entity = ed.findEntity(type, slug);
	if (entity && (!feed || hasFeed(entity))) return found(entity);
	const renamed = renamedEntity(ed, type, slug);
	if (!entity && renamed && (!feed || hasFeed(renamed)))
		return { ok: false, problem: { kind: "moved", from: slug, to: renamed.slug } };
	const like = suggestEntities(ed, type, slug, feed);
	const why = entity
		? `${entity.name} is a ${entity.kind}, and only ${ENTITY_TYPES[type].feedKinds.join(" and ")}s have ${type} feeds.`
		: `${capitalized(noSuch(type, slug, feed))}.`;
	// Those with feeds come first in a type's table: the first `total` are the candidates.
	const { all, withFeeds } = ed.entityCount(type);
	const total = feed ? withFeeds : all;
	const valid = total <= VALID_LISTED ? ed.entitiesOf(type, 0, total).map((e) => e.slug) : undefined;
	const first = (valid ?? ed.entitiesOf(type, 0, 20).map((e) => e.slug)).slice(0, 20);
	const more = total > 20 ? ` and ${total - 20} more${valid ? "" : ` (see ${paths.api(type)})`}` : "";
	const listed = `${first.join(", ")}${more}`;
	const kind = `${ENTITY_TYPES[type].heading}${feed ? " with feeds" : ""}`;
	const hint = like.length ? ` ${capitalized(didYouMean(like))}` : "";
	return notFound(`${why}${hint} ${kind}: ${listed}.`, like, valid);
}

/** How many of the newest articles a missing article's slug is compared with. */
const RECENT = 500;

/**
 * The article with this slug, or a not-found that suggests the nearest slugs among the newest
 * articles (a mistyped link to a recent story), with their titles.
 */
export function resolveArticle(ed: Edition, slug: string): Resolved<Article> {
	const article = ed.findArticle(slug);
	if (article) return found(article);
	const reason = Object.hasOwn(content.withdrawn, slug) ? content.withdrawn[slug] : undefined;
	if (reason !== undefined)
		return {
			ok: false,
			problem: { kind: "gone", detail: `The article ${quoted(slug)} was withdrawn: ${reason}`, reason },
		};
	const now = Object.hasOwn(content.renames.articles, slug) ? content.renames.articles[slug] : undefined;
	if (now !== undefined && ed.findArticle(now)) return { ok: false, problem: { kind: "moved", from: slug, to: now } };
	const recent = ed.newest(RECENT);
	const like = suggestSlugs(
		slug,
		recent.map((a) => ({ slug: a.slug, name: a.slug, aliases: [] })),
		3,
	).map((s): Suggestion => {
		const entry = recent.find((a) => a.slug === s) as (typeof recent)[number];
		return { slug: s, href: paths.article(s), label: entry.title };
	});
	const hint = like.length ? ` ${capitalized(didYouMean(like))}` : "";
	return notFound(`There is no article ${quoted(slug)}.${hint} The home page lists the latest.`, like);
}

const FORMAT_HINT = Object.values(FORMATS)
	.map((f) => `.${f.extension} (${f.label})`)
	.join(", ");

/** A feed's file name ("joe-russo.json", "feed.xml"): its slug and format; a name with no extension has no format. */
export function resolveFeedFile(file: string): Resolved<{ slug: string; format?: Format }> {
	const dot = file.lastIndexOf(".");
	if (dot < 0) return found({ slug: file });
	const format = formatByExtension(file.slice(dot + 1));
	if (!format || dot === 0) return notFound(`${quoted(file)} is not a feed: feeds end in ${FORMAT_HINT}.`);
	return found({ slug: file.slice(0, dot), format });
}

/** A feed's scope: the site, or an entity that has a feed. */
export function resolveScope(ed: Edition, scope: FeedScope): Resolved<Entity | undefined> {
	return scope.type === "site" ? found(undefined) : resolveEntity(ed, scope.type, scope.slug, { feed: true });
}

/** How many unknown slugs of a query get suggestions: the first, the typo. */
const SUGGESTED = 1;
/**
 * How many unknown slugs of a query are named one by one; the rest are counted in one more
 * problem, so the answer to a query of a hundred made-up slugs is no longer than one of a few.
 */
const LISTED = 5;

/** The query's filters as entities, or a problem for each slug that names no entity with a feed. */
function resolveFilters(
	ed: Edition,
	query: FeedQuery,
): { filters: Record<EntityType, Entity[]>; problems: QueryProblem[] } {
	const filters = noFilters<Entity>();
	const problems: QueryProblem[] = [];
	// Every slug's registry files asked for at once, not one round each.
	needEntities(ENTITY_TYPE_NAMES.flatMap((type) => query.filters[type].map((slug) => ({ type, slug }))));
	let unknown = 0;
	for (const type of ENTITY_TYPE_NAMES) {
		let unlisted = 0;
		for (const slug of query.filters[type]) {
			// An old slug names the entity it was renamed to: a reader's saved filter keeps working.
			const entity = ed.findEntity(type, slug) ?? renamedEntity(ed, type, slug);
			if (entity && hasFeed(entity)) {
				filters[type].push(entity);
				continue;
			}
			if (unknown++ >= LISTED) {
				unlisted++;
				continue;
			}
			const hint = unknown <= SUGGESTED ? didYouMean(suggestEntities(ed, type, slug, true)) : "";
			problems.push({ name: type, reason: `${noSuch(type, slug, true)}${hint ? `; ${hint}` : ""}` });
		}
		if (unlisted)
			problems.push({
				name: type,
				reason: `and ${unlisted} more ${unlisted === 1 ? "slug names" : "slugs name"} no ${type} with a feed`,
			});
	}
	return { filters, problems };
}

/**
 * A feed request: its scope (404 if it names nothing with a feed), its query parsed (400 for each
 * bad parameter, and for each slug that names nothing) and put in canonical form for the content.
 */
export function resolveFeed(ed: Edition, scope: FeedScope, params: URLSearchParams): Resolved<FeedRequest> {
	const entity = resolveScope(ed, scope);
	if (!entity.ok) return entity;
	const parsed = parseFeedQuery(params);
	const { filters, problems } = parsed.ok
		? resolveFilters(ed, parsed.query)
		: { filters: noFilters<Entity>(), problems: [] };
	const all = [...(parsed.ok ? [] : parsed.problems), ...problems];
	if (!parsed.ok || all.length > 0) {
		const order = (p: QueryProblem) => QUERY_PARAMETERS.indexOf(p.name);
		return badQuery(all.sort((a, b) => order(a) - order(b)));
	}
	return canonicalRequest({
		edition: ed,
		scope,
		...(entity.value ? { entity: entity.value } : {}),
		query: parsed.query,
		filters,
	});
}

/**
 * The request with its query in canonical form for the content, so that values that cannot change
 * the page make no new URL, ETag or cache entry: `since` rounded down to an article's `updated`,
 * the cursor to the listing's entry it starts after, a limit at or past the listing's length to
 * the default (or that length), a group of filters naming the feed's own entity dropped, and `match=any`
 * dropped where there is only one type to match. A cursor that
 * names no article is a problem (it was never in a feed's links).
 */
export function canonicalRequest(req: FeedRequest): Resolved<FeedRequest> {
	const { before, since, ...rest } = req.query;
	// A group of filters that names the feed's own entity narrows nothing: every article of the feed
	// mentions it, so every one matches "it or the others". With match=any, one group is all of them.
	const own = req.entity;
	const namesOwn = (type: EntityType) => own?.type === type && req.filters[type].some((e) => e.slug === own.slug);
	const dropAll = rest.match === "any" && ENTITY_TYPE_NAMES.some(namesOwn);
	const query: FeedQuery = { ...rest, filters: noFilters() };
	const filters = noFilters<Entity>();
	for (const type of ENTITY_TYPE_NAMES) {
		if (dropAll || namesOwn(type)) continue;
		// By the slugs the entities have now: an old slug and its new one are one filter, one URL.
		const unique = [...new Map(req.filters[type].map((e) => [e.slug, e])).values()];
		filters[type] = unique.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
		query.filters[type] = filters[type].map((e) => e.slug);
	}
	// "any" differs from "all" only across two or more types.
	if (ENTITY_TYPE_NAMES.filter((type) => filters[type].length).length < 2) delete query.match;
	const resolved: FeedRequest = { ...req, query, filters };
	// One entity's listing, unfiltered, is as long as its count: its list is read for a cursor alone.
	const filtered = isFiltered(resolved);
	const indexes = filtered || before ? listingOf(resolved) : undefined;
	// A limit at or past the listing's length gives the whole listing, whatever it is.
	const length = filtered
		? (indexes as readonly number[]).length
		: req.entity
			? req.edition.countOf(req.entity)
			: req.edition.count;
	if (query.limit >= length) query.limit = Math.max(LIMIT.default, length);
	const roundedSince = since === undefined ? undefined : req.edition.roundSince(since);
	if (roundedSince !== undefined) query.since = roundedSince;
	if (before) {
		const cursor = canonicalCursor(articles, indexes, before, req.edition.hidden);
		if (cursor === null)
			return badQuery([
				{ name: "before", reason: "names no article: take cursors from a feed's next or previous link" },
			]);
		if (cursor) query.before = cursor;
	}
	return found(resolved);
}
