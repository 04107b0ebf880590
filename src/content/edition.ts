/**
 * Editions: the content as a reader may see it at an instant. An article dated after the build is
 * embargoed: bundled, and hidden until its date, then shown everywhere at once, with no rebuild.
 * The compiled articles are newest first, so the embargoed ones are the first (`embargoes`, their
 * dates, newest first), and what is visible at any instant is every article from some position
 * on: an edition is that position. Everything a response is made of is asked of an edition, never
 * of the content whole, so no response can show, count, suggest or fingerprint an article before
 * its instant, nor an entity that only hidden articles name.
 *
 * Pure: the instant comes in as a parameter (from the one clock, src/clock.ts, which tests set),
 * and an edition is a function of the content and of its visible set alone.
 */
import type { ArticleTable } from "./records.ts";
import { firstAtOrAfter } from "./sorted.ts";
import type { Article, ArticleIndex, Entity, EntityType } from "./types.ts";

export type Edition = {
	/** Articles at positions below this are hidden (embargoed until their dates). */
	hidden: number;
	/**
	 * Names the visible set in every cache key: "" when every article is visible (so a site without
	 * embargoes keys its caches as before), else the number hidden.
	 */
	key: string;
	/** When the next hidden article is revealed (ms since the epoch); undefined when none is hidden. */
	nextReveal: number | undefined;
	/** The newest `updated` of the visible articles (the epoch if there are none). */
	updated: string;
	/** What every page is made of, visible only: the build's fingerprint, and what has been revealed since. */
	fingerprint: string;
	/** The visible articles: how many, and which indexes a listing of them all starts at. */
	count: number;
	/**
	 * `since` rounded down to the latest visible `updated` at or before it, or undefined when it is
	 * before them all: a feed lists the articles updated after `since`, and no visible article's
	 * `updated` lies between the two, so both select the same articles: every value that cannot change a feed is one cache key,
	 * and there are at most as many as articles.
	 */
	roundSince(since: string): string | undefined;
	/** An entity's visible articles, as indexes into the articles, newest first. */
	listOf(e: Entity): readonly number[];
	/** How many visible articles name an entity: its list's length, without reading it while nothing is hidden. */
	countOf(e: Entity): number;
	/**
	 * The `n` entities of a type with feeds that the most visible articles name, most first (then in
	 * registry order): what the home page and the follow page offer, bounded however large the registry.
	 */
	mostNamed(type: EntityType, n: number): readonly Entity[];
	/** Whether an entity is shown: a visible article names it. */
	shows(e: Entity): boolean;
	entitiesOf(type: EntityType): readonly Entity[];
	findEntity(type: EntityType, slug: string): Entity | undefined;
	findArticle(slug: string): Article | undefined;
	/** The `n` newest visible articles. */
	newest(n: number): ArticleIndex[];
	/** An entity's visible articles, newest first: `count` of them from the `from`th on (all, by default). */
	articlesOf(e: Entity, from?: number, count?: number): ArticleIndex[];
};

/**
 * Whether an entity is hidden while the articles before position `hidden` are: no visible article
 * names it. Its list is sorted, so its last entry is its oldest article. An entity no article names
 * at all is hidden too: were it shown, it would vanish the moment an embargoed article named it,
 * and so tell that one does. Whether an entity appears depends on what is visible alone.
 */
export const hiddenAt = (list: readonly number[], hidden: number): boolean =>
	list.length === 0 || (list.at(-1) as number) < hidden;

/** hiddenAt from the position of an entity's oldest article alone (-1 when none names it). */
export const hiddenFrom = (oldest: number, hidden: number): boolean => oldest < 0 || oldest < hidden;

/** What editions are cut from: the compiled content, whole. */
export type EditionSource = {
	embargoes: readonly string[];
	articles: ArticleTable;
	load: (entry: ArticleIndex) => Article;
	positionOf: (slug: string) => number | undefined;
	/** Throws ContentNeeded for the files these articles' bodies are in, if any is not loaded (see files.ts). */
	needBodies: (entries: Iterable<ArticleIndex>) => void;
	registries: Record<EntityType, readonly Entity[]>;
	/** The position of an entity's oldest article (-1 when none names it), without reading its list. */
	oldestOf: (e: Entity) => number;
	/** How many articles name an entity, hidden ones too, without reading its list. */
	countOf: (e: Entity) => number;
	hasFeed: (e: Entity) => boolean;
	findEntity: (type: EntityType, slug: string) => Entity | undefined;
	/** The latest `updated` of all the articles at or before `limit` (before it, if `strict`). */
	updateBefore: (limit: string, strict?: boolean) => string | undefined;
	/** The build's: of every article but the embargoed ones. */
	fingerprint: string;
	updated: string;
};

/** Editions of the content, one per visible set, each made once: `editionAt(now)`. */
export function createEditions(source: EditionSource): (now: number) => Edition {
	const built = source.embargoes.length;
	const revealTimes = source.embargoes.map((d) => Date.parse(d));
	const made = new Map<number, Edition>();

	function make(hidden: number): Edition {
		const { articles, registries } = source;
		const at = (i: number) => articles.at(i) as ArticleIndex;
		const lists = new WeakMap<Entity, readonly number[]>();
		const listOf = (e: Entity): readonly number[] => {
			if (hidden === 0) return e.articles;
			let list = lists.get(e);
			if (!list) {
				list = e.articles.slice(firstAtOrAfter(e.articles, hidden));
				lists.set(e, list);
			}
			return list;
		};
		const shows = (e: Entity) => !hiddenFrom(source.oldestOf(e), hidden);
		const shown = new Map<EntityType, readonly Entity[]>();
		const rankings = new Map<EntityType, readonly Entity[]>();
		// The articles the build hid that this edition shows, and the entities they revealed.
		const revealed = Array.from({ length: built - hidden }, (_, j) => at(hidden + j));
		// Only when something was revealed: each entity's list is parsed on first use, and a startup
		// with no embargo must not parse them all.
		const revealedEntities =
			hidden === built
				? []
				: Object.values(registries)
						.flat()
						.filter((e) => hiddenFrom(source.oldestOf(e), built) && shows(e));
		// Only an `updated` that hidden articles alone have is skipped when rounding `since`.
		let hiddenOnly: Set<string> | undefined;
		// ISO 8601 UTC dates sort as strings.
		let updated = source.updated;
		for (const a of revealed) if (a.updated > updated) updated = a.updated;
		return {
			hidden,
			key: hidden === 0 ? "" : String(hidden),
			nextReveal: hidden === 0 ? undefined : revealTimes[hidden - 1],
			updated,
			fingerprint:
				hidden === built
					? source.fingerprint
					: JSON.stringify([
							source.fingerprint,
							revealed.map((a) => a.rev),
							revealedEntities.map((e) => [e.type, e.slug, e.rev, e.aliases]),
						]),
			count: articles.length - hidden,
			roundSince(since) {
				if (hidden > 0 && !hiddenOnly) {
					// A hidden article's `updated` is after the build, as only a revealed one's can be.
					const shown = new Set(revealed.map((a) => a.updated));
					hiddenOnly = new Set(Array.from({ length: hidden }, (_, i) => at(i).updated).filter((u) => !shown.has(u)));
				}
				let u = source.updateBefore(since);
				while (u !== undefined && hiddenOnly?.has(u)) u = source.updateBefore(u, true);
				return u;
			},
			listOf,
			countOf: (e) => (hidden === 0 ? source.countOf(e) : listOf(e).length),
			mostNamed(type, n) {
				let ranked = rankings.get(type);
				if (!ranked) {
					// By all their articles, hidden ones too, so that ranking reads no list; a hidden
					// article moves an entity a place at most, and shows nothing.
					ranked = registries[type]
						.filter((e) => source.hasFeed(e) && shows(e))
						.map((e, i) => ({ e, i, count: source.countOf(e) }))
						.sort((a, b) => b.count - a.count || a.i - b.i)
						.map(({ e }) => e);
					rankings.set(type, ranked);
				}
				return ranked.slice(0, n);
			},
			shows,
			entitiesOf(type) {
				let list = shown.get(type);
				if (!list) {
					list = registries[type].filter(shows);
					shown.set(type, list);
				}
				return list;
			},
			findEntity(type, slug) {
				const e = source.findEntity(type, slug);
				return e && shows(e) ? e : undefined;
			},
			findArticle(slug) {
				const position = source.positionOf(slug);
				if (position === undefined || position < hidden) return undefined;
				const entry = articles.at(position);
				if (entry) source.needBodies([entry]);
				return entry && source.load(entry);
			},
			newest(n) {
				const positions = Array.from(
					{ length: Math.max(0, Math.min(n, articles.length - hidden)) },
					(_, i) => hidden + i,
				);
				articles.need(positions);
				return positions.map(at);
			},
			articlesOf(e, from = 0, count = Number.POSITIVE_INFINITY) {
				const positions = listOf(e).slice(from, from + count);
				articles.need(positions);
				return positions.map(at);
			},
		};
	}

	return (now: number) => {
		let hidden = 0;
		while (hidden < built && (revealTimes[hidden] as number) > now) hidden++;
		let edition = made.get(hidden);
		if (!edition) {
			edition = make(hidden);
			made.set(hidden, edition);
		}
		return edition;
	};
}
