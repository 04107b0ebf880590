/**
 * Which articles a feed page holds. The listing is the compiled articles (newest first, by date
 * then slug), narrowed to the feed's entity and the query's people and films, and to items
 * changed after `since`. Pages are cut by cursor, not by offset: a page starts just after the
 * article its cursor names, so an item appears on exactly one page of a listing, even when new
 * articles arrive between two requests.
 */
import type { ArticleIndex as Article, ArticleTable, Edition, Entity } from "../content/index.ts";
import { firstAtOrAfter } from "../content/sorted.ts";
import type { Cursor, FeedQuery } from "./query.ts";

export type Page = {
	items: Article[];
	/** Cursor of the next (older) page, if there is one. */
	next?: Cursor;
	/** The previous (newer) page: null for the first page of the listing; absent on the first page. */
	previous?: Cursor | null;
};

/** The article indexes in every group, in order. */
function intersect(groups: (readonly number[])[]): readonly number[] {
	const [smallest = [], ...rest] = [...groups].sort((a, b) => a.length - b.length);
	const sets = rest.map((g) => new Set(g));
	return smallest.filter((i) => sets.every((set) => set.has(i)));
}

function union(lists: (readonly number[])[]): readonly number[] {
	if (lists.length === 1) return lists[0] as readonly number[];
	return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * The article indexes a feed lists before `since`, or undefined for every visible article: those
 * of its entity, if it has one, that mention one of each filter group's entities (a group per type
 * named in the query: person=a&person=b&film=c is "a or b, and c"); with `any`, one of all of them
 * ("a or b or c"). Only the edition's visible articles.
 */
export function listing(
	edition: Edition,
	scope: Entity | undefined,
	filters: readonly (readonly Entity[])[],
	any = false,
): readonly number[] | undefined {
	const named = filters.filter((group) => group.length);
	const groups: (readonly number[])[] =
		any && named.length
			? [union(named.flat().map(edition.listOf))]
			: named.map((group) => union(group.map(edition.listOf)));
	if (scope) groups.unshift(edition.listOf(scope));
	if (groups.length === 0) return undefined;
	return groups.length === 1 ? (groups[0] as readonly number[]) : intersect(groups);
}

/** Whether article `a` comes after the cursor in the newest-first listing. */
const isAfter = (a: Article, c: Cursor) => a.date < c.date || (a.date === c.date && a.slug > c.slug);

const cursorOf = (a: Article): Cursor => ({ date: a.date, slug: a.slug });

/**
 * First position in `all` (sorted) at which articles come after the cursor: a binary search within
 * the one index file that can hold it (see ArticleTable.near), so it reads one file, not a dozen.
 */
function positionAfter(all: ArticleTable, c: Cursor): number {
	let [lo, hi] = all.near(c.date, c.slug);
	all.need([lo, hi - 1]);
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (isAfter(all.at(mid) as Article, c)) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/**
 * A cursor in its canonical form for a listing: `null` when it names no visible article (it was
 * built by hand, its article is gone, or not yet revealed), which is an error; undefined when it
 * comes before the listing's first entry (the first page); otherwise the listing's last entry at
 * or before it, which starts the same page. So a cursor has at most as many values as the listing
 * has entries. `from` is the first visible position.
 */
export function canonicalCursor(
	all: ArticleTable,
	indexes: readonly number[] | undefined,
	cursor: Cursor,
	from = 0,
): Cursor | undefined | null {
	const position = positionAfter(all, cursor);
	const named = position - 1 >= from ? all.at(position - 1) : undefined;
	if (!named || named.date !== cursor.date || named.slug !== cursor.slug) return null;
	if (!indexes) return cursor;
	const start = firstAtOrAfter(indexes, position);
	return start === 0 ? undefined : cursorOf(all.at(indexes[start - 1] as number) as Article);
}

/**
 * A page of a listing: `indexes`, or with none every article from position `from` (the first the
 * edition shows) on.
 */
export function selectPage(
	all: ArticleTable,
	indexes: readonly number[] | undefined,
	query: FeedQuery,
	from = 0,
): Page {
	const size = indexes ? indexes.length : all.length;
	const first = indexes ? 0 : from;
	const at = (k: number) => all.at(indexes ? (indexes[k] as number) : k) as Article;
	const matches = (a: Article) => !query.since || a.updated > query.since;

	// Where the page starts among the listing's entries.
	let start = first;
	if (query.before) {
		const position = positionAfter(all, query.before);
		start = indexes ? firstAtOrAfter(indexes, position) : position;
	}

	// The entries a page reads are asked for at once, so their index files load together; with
	// `since`, the window widens as entries fail to match.
	const positions = (from: number, to: number) =>
		Array.from({ length: Math.max(0, Math.min(to, size) - from) }, (_, i) =>
			indexes ? (indexes[from + i] as number) : from + i,
		);
	// Their bodies too: the page will show them.
	all.need(positions(start, start + query.limit + 1), true);
	const items: Article[] = [];
	let k = start;
	let window = query.limit + 1;
	for (; k < size && items.length < query.limit; k++) {
		if (k >= start + window) {
			window *= 4;
			all.need(positions(k, start + window));
		}
		if (matches(at(k))) items.push(at(k));
	}
	let hasNext = false;
	for (; k < size && !hasNext; k++) hasNext = matches(at(k));
	const last = items.at(-1);
	const page: Page = { items, ...(hasNext && last ? { next: cursorOf(last) } : {}) };
	if (!query.before) return page;

	// The previous page is the `limit` matching entries just before this one.
	all.need(positions(Math.max(first, start - query.limit - 1), start));
	let before = 0;
	let j = start - 1;
	for (; j >= first && before < query.limit; j--) if (matches(at(j))) before++;
	let earlier: Article | undefined;
	for (; j >= first && !earlier; j--) if (matches(at(j))) earlier = at(j);
	return { ...page, previous: earlier ? cursorOf(earlier) : null };
}
