/**
 * What a build compares with the build before it, when a build stays up between saves (see
 * scripts/build-server.ts): the earlier build's articles, position by position, and what its
 * packing made of them. At a million articles, each pass over the articles' objects costs half a
 * second or more (they lie across gigabytes of heap); a build whose articles stand where they
 * stood, each with the slug, dates and tags it had (a body, a title or a correction edited), takes
 * the entities' lists and every file no changed article is in from the earlier build, and makes
 * again only what the changed articles are in. A build where a few moved (one added, removed or
 * dated again) takes the lists moved, and the files of the places that hold the same articles
 * (see Moves). Runs at build time, in Node; the Worker never imports it.
 */
import { firstAtOrAfter } from "./sorted.ts";
import type { CompiledArticle, ContentLayout, Entity, EntityRef, PackedContent, PackedEntity } from "./types.ts";

/** The articles' fields, one array each, in position order: read from the objects once a build. */
export type ArticleColumns = {
	revs: string[];
	slugs: string[];
	dates: string[];
	updated: string[];
	entities: EntityRef[][];
};

/** What packing made of a build's articles and entities, for the next build to take (see pack.ts). */
export type PackMemo = {
	layout: ContentLayout;
	/** The content's revision and how many articles were embargoed: a build of others takes nothing. */
	rev: string;
	embargoed: number;
	/** Each kind's files' ids (see fileId in pack.ts), in file order; the slug index's by its whole. */
	ids: Record<keyof PackedContent["files"], string[]>;
	/** The slug index's files' names, in file order: those no moved article is in are named again. */
	slugNames: readonly string[];
	/** Each place's bucket of the slug index (see slugBucket), once a build needed them: a later one takes those of the places that held the same slugs. */
	slugPlaces?: { buckets: number; of: Int32Array };
	/** Every distinct `updated`, oldest first (see distinctUpdates): a later build's after moves is found from it. */
	updates?: readonly string[];
	/** The entities some article names, in table order (see pack.ts): whose keys and lists a later build compares. */
	table: readonly Entity[];
	/** The registry's entries as packed, in table order. */
	records: PackedEntity[];
	/** The head's tables made of the positions, the entities' lists and the registries. */
	shape: Pick<
		PackedContent,
		| "registry"
		| "embargoOnly"
		| "embargoNames"
		| "updated"
		| "indexFirst"
		| "slugBuckets"
		| "listGroups"
		| "updatesFirst"
	>;
};

/** What a build keeps for the next, once it has succeeded. */
export type EarlierBuild = {
	columns: ArticleColumns;
	/** Each entity's list of positions, by "type:slug" (see compile.ts). */
	lists: ReadonlyMap<string, readonly number[]>;
	pack: PackMemo;
};

/**
 * This build's columns, and, when `earlier` is given and every article stands where it stood with
 * the same slug, dates and tags, the positions whose article changed (its revision moved). Else
 * `changed` is undefined: positions moved (an article added, removed or dated again), or an
 * article's tags changed, and everything is made again.
 */
export type Changes = { columns: ArticleColumns; changed?: number[]; moves?: Moves };

const EMPTY: readonly string[] = [];

/** Computed once for a build's articles and the earlier build it is compared with (compiling and packing both ask). */
const known = new WeakMap<readonly CompiledArticle[], { earlier: EarlierBuild | undefined; changes: Changes }>();

/** This build's columns, and what changed in place since `earlier` (see Changes). */
export function changesSince(articles: readonly CompiledArticle[], earlier?: EarlierBuild): Changes {
	const memo = known.get(articles);
	if (memo && memo.earlier === earlier) return memo.changes;
	const n = articles.length;
	const columns: ArticleColumns = {
		revs: new Array(n),
		slugs: new Array(n),
		dates: new Array(n),
		updated: new Array(n),
		entities: new Array(n),
	};
	const before = earlier?.columns;
	let changed: number[] | undefined = before && before.revs.length === n ? [] : undefined;
	const was = before?.revs ?? EMPTY;
	// One pass over the objects: every later pass reads these arrays.
	for (let i = 0; i < n; i++) {
		const a = articles[i] as CompiledArticle;
		columns.revs[i] = a.rev;
		columns.slugs[i] = a.slug;
		columns.dates[i] = a.date;
		columns.updated[i] = a.updated;
		columns.entities[i] = a.entities;
		if (changed && a.rev !== was[i]) changed.push(i);
	}
	if (changed && before)
		for (const i of changed)
			if (
				columns.slugs[i] !== before.slugs[i] ||
				columns.dates[i] !== before.dates[i] ||
				columns.updated[i] !== before.updated[i] ||
				!sameRefs(columns.entities[i] as EntityRef[], before.entities[i] as EntityRef[])
			) {
				changed = undefined;
				break;
			}
	// Else, with an earlier build, how its articles moved (see Moves).
	const moves = earlier && !changed ? movesSince(columns, earlier) : undefined;
	const changes = { columns, changed, moves };
	known.set(articles, { earlier, changes });
	return changes;
}

const sameRefs = (a: readonly EntityRef[], b: readonly EntityRef[]) =>
	a.length === b.length && a.every((r, i) => r.type === b[i]?.type && r.slug === b[i]?.slug);

/**
 * How this build's articles stand against the earlier build's when some moved (an article added,
 * removed or dated again): `to[j]`, the position now of the earlier build's j-th article, where it
 * is the same article naming the same entities (-1 where it is gone, dated again or tagged
 * otherwise); `added`, the positions of the others, ascending; `same`, how many places from the
 * oldest hold the very article they held (its revision unchanged). Undefined past `upTo` others:
 * then counting everything again is as quick.
 */
export type Moves = { to: Int32Array; added: number[]; same: number };

/** How many of the earlier build's articles are gone (or dated or tagged otherwise), of `count` now. */
export const removedOf = (moves: Moves, count: number) => moves.to.length - (count - moves.added.length);

/** Others past which movesSince gives up (see Moves). */
const MOVED_UP_TO = 4096;

/**
 * The moves from the earlier build's articles to these (see Moves), in one walk of both orders
 * at once: both are newest first, then by slug, so each article is found where the walk stands.
 * The walk stops where the places from the oldest that stayed the same begin.
 */
export function movesSince(columns: ArticleColumns, earlier: EarlierBuild, upTo = MOVED_UP_TO): Moves | undefined {
	const { slugs, dates, entities, revs } = columns;
	const was = earlier.columns;
	const n = slugs.length;
	const m = was.slugs.length;
	// The places from the oldest that hold the very article they held (the same revision: the same
	// slug, date and entities) are paired at once; the walk goes over the newer ones only (a new
	// article's few). Both orders end with those places, all sorting after the newer ones, so the
	// walk of the newer ones pairs them as the walk of the whole would.
	let same = 0;
	while (same < Math.min(n, m) && revs[n - 1 - same] === was.revs[m - 1 - same]) same++;
	const to = new Int32Array(m).fill(-1);
	for (let k = 1; k <= same; k++) to[m - k] = n - k;
	const added: number[] = [];
	const newerNow = n - same;
	const newerThen = m - same;
	let i = 0;
	let j = 0;
	while (i < newerNow || j < newerThen) {
		const slug = slugs[i] as string;
		const date = dates[i] as string;
		if (i < newerNow && j < newerThen && slug === was.slugs[j] && date === was.dates[j]) {
			if (sameRefs(entities[i] as EntityRef[], was.entities[j] as EntityRef[])) to[j] = i;
			else added.push(i);
			i++;
			j++;
		} else if (
			j >= newerThen ||
			(i < newerNow && (date > (was.dates[j] as string) || (date === was.dates[j] && slug < (was.slugs[j] as string))))
		) {
			// Sorts before the earlier article the walk stands at: not one of the earlier build's.
			added.push(i++);
		} else j++;
		if (added.length > upTo) return undefined;
	}
	return { to, added, same };
}

/**
 * Each entity's list (see EarlierBuild), for the entities `keys` names, made from the earlier
 * build's lists and the moves since: its articles that stayed, at their new positions (in the
 * same order), and the others that name it, each put in its place. Undefined if an entity had
 * no list then (the registries changed).
 */
export function listsAfter(
	moves: Moves,
	columns: ArticleColumns,
	earlier: EarlierBuild,
	keys: Iterable<string>,
): Map<string, number[]> | undefined {
	const lists = new Map<string, number[]>();
	for (const key of keys) {
		const was = earlier.lists.get(key);
		if (was === undefined) return undefined;
		const list: number[] = [];
		for (const p of was) {
			const q = moves.to[p] as number;
			if (q >= 0) list.push(q);
		}
		lists.set(key, list);
	}
	for (const i of moves.added)
		for (const ref of columns.entities[i] as EntityRef[]) {
			const list = lists.get(`${ref.type}:${ref.slug}`);
			// After any equal (an article naming the entity twice is listed twice, as counting lists it).
			if (list !== undefined) list.splice(firstAtOrAfter(list, i + 1), 0, i);
		}
	return lists;
}
