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
import type { ArticleTable, LazyEntity, Records } from "./records.ts";
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
	/**
	 * The first `n` of them (fewer if it has fewer): from its entry's newest articles where they
	 * hold as many visible ones, without reading its list (a feed's first page, a page, an embed).
	 */
	firstOf(e: Entity, n: number): readonly number[];
	/** How many visible articles name an entity: its list's length, without reading it while nothing is hidden. */
	countOf(e: Entity): number;
	/** The date of an entity's newest visible article: without reading its list, unless an embargo lifted since the build. */
	newestOf(e: Entity): string | undefined;
	/**
	 * The `n` entities of a type with feeds that the most visible articles name, most first (then in
	 * registry order): what the home page and the follow page offer, bounded however large the registry.
	 */
	mostNamed(type: EntityType, n: number): readonly Entity[];
	/** Whether an entity is shown: a visible article names it. */
	shows(e: Entity): boolean;
	/** How many entities of a type the edition shows: in all, and with feeds (which come first). */
	entityCount(type: EntityType): { all: number; withFeeds: number };
	/**
	 * The entities of a type the edition shows, those with feeds first, each in registry order:
	 * the `from`th to before the `to`th (all, by default: for small registries and tests).
	 */
	entitiesOf(type: EntityType, from?: number, to?: number): readonly Entity[];
	/**
	 * The entity of this type with this slug, if the edition shows it: a slug from a request, whose
	 * answer shows its articles (its feed, its page, its embed), so its list is read with its entry.
	 */
	findEntity(type: EntityType, slug: string): Entity | undefined;
	/**
	 * The slugs of the entities the edition shows that a slug that names nothing is most like, with
	 * their entities: looked for among the keys around it (see keysOf in pack.ts), not the whole registry.
	 */
	nearest(type: EntityType, slug: string, feed: boolean): Entity[];
	findArticle(slug: string): Article | undefined;
	/** The `n` newest visible articles, their index entries read (a list's links and dates; loadArticle reads the rest). */
	newest(n: number): ArticleIndex[];
	/** An entity's visible articles, newest first: `count` of them from the `from`th on (all, by default), as `newest`. */
	articlesOf(e: Entity, from?: number, count?: number): ArticleIndex[];
};

/**
 * Whether an entity is hidden while the articles before position `hidden` are: no visible article
 * names it. Its list is sorted, so its last entry is its oldest article. An entity no article names
 * at all is hidden too: were it shown, it would vanish the moment an embargoed article named it,
 * and so tell that one does. Whether an entity appears depends on what is visible alone.
 */
export const hiddenAt = (list: readonly number[], hidden: number): boolean => hiddenFrom(list.at(-1) ?? -1, hidden);

/** hiddenAt from the position of an entity's oldest article alone (-1 when none names it). */
export const hiddenFrom = (oldest: number, hidden: number): boolean => oldest < hidden;

/** What editions are cut from: the compiled content, whole (see records.ts). */
export type EditionSource = {
	embargoes: readonly string[];
	articles: ArticleTable;
	load: (entry: ArticleIndex) => Article;
	positionOf: (slug: string) => number | undefined;
	/** Each type's table (see PackedContent.registry). */
	registry: Record<EntityType, { start: number; count: number; withFeeds: number; popular: number[] }>;
	/** The entities only embargoed articles name, `[k, oldest]` each. */
	embargoOnly: readonly (readonly [number, number])[];
	entityAt: (k: number) => Entity;
	needEntities: (ks: Iterable<number>) => void;
	/** The position of an entity's oldest article, without reading its list. */
	oldestOf: (e: Entity) => number;
	/** How many articles name an entity, hidden ones too, without reading its list. */
	countOf: (e: Entity) => number;
	/** The date of its newest article but those the build embargoed ("" if only those name it). */
	newestOf: (e: Entity) => string;
	/** An entity's place across the tables (PackedContent.registry). */
	kOf: (e: Entity) => number;
	/** For each embargoed article, newest first, the places of the entities it names. */
	embargoNames: readonly (readonly number[])[];
	findEntity: (type: EntityType, slug: string, withRecent?: boolean) => Entity | undefined;
	/** An entity's newest articles as its entry holds them (see LazyEntity.recent), hidden ones too. */
	recentOf: (e: Entity) => readonly number[];
	/** Candidates for the nearest slugs to one that names nothing (see Records.keysNear). */
	keysNear: (type: EntityType, key: string, around: number) => { key: string; slug: string; k: number }[];
	/** The nearest of the candidates: their slugs, best first. */
	suggest: (slug: string, candidates: { slug: string; name: string; aliases: readonly string[] }[]) => string[];
	/** The latest `updated` of all the articles at or before `limit` (before it, if `strict`). */
	updateBefore: (limit: string, strict?: boolean) => string | undefined;
	/** The build's: of every article but the embargoed ones. */
	fingerprint: string;
	updated: string;
};

/** What editions of the content a reader opened (records.ts) are cut from; `suggest` as suggest.ts's. */
export function editionSourceOf(opened: Records, suggest: EditionSource["suggest"]): EditionSource {
	const { head } = opened;
	return {
		embargoes: head.embargoes,
		articles: opened.articles,
		load: opened.load,
		positionOf: opened.positionOf,
		registry: head.registry,
		embargoOnly: head.embargoOnly,
		entityAt: opened.entityAt,
		needEntities: opened.needEntities,
		oldestOf: (e) => (e as LazyEntity).oldest,
		countOf: (e) => (e as LazyEntity).count,
		newestOf: (e) => (e as LazyEntity).newest,
		kOf: (e) => (e as LazyEntity).k,
		// An entity made elsewhere than the registry's files (a test's) holds its whole list.
		recentOf: (e) => (e as Partial<LazyEntity>).recent ?? e.articles,
		embargoNames: head.embargoNames,
		findEntity: opened.findEntity,
		keysNear: opened.keysNear,
		suggest,
		updateBefore: opened.updateBefore,
		fingerprint: head.fingerprint,
		updated: head.updated,
	};
}

/** Editions of the content, one per visible set, each made once: `editionAt(now)`. */
export function createEditions(source: EditionSource): (now: number) => Edition {
	const built = source.embargoes.length;
	const revealTimes = source.embargoes.map((d) => Date.parse(d));
	const made = new Map<number, Edition>();
	const types = Object.keys(source.registry) as EntityType[];
	const typeOfK = (k: number) =>
		types.find(
			(t) => k >= source.registry[t].start && k < source.registry[t].start + source.registry[t].count,
		) as EntityType;

	function make(hidden: number): Edition {
		const { articles, registry } = source;
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
		const firstOf = (e: Entity, n: number): readonly number[] => {
			const recent = source.recentOf(e);
			const visible = hidden === 0 ? recent : recent.slice(firstAtOrAfter(recent, hidden));
			// Its entry holds every article it has, or at least n visible ones.
			if (recent.length === source.countOf(e) || visible.length >= n) return visible.slice(0, n);
			return listOf(e).slice(0, n);
		};
		const shows = (e: Entity) => !hiddenFrom(source.oldestOf(e), hidden);
		// The entities this edition hides, by type: those only articles it hides name (a few at most).
		const hiddenKs = perTypeOf(types, () => [] as number[]);
		for (const [k, oldest] of source.embargoOnly) if (hiddenFrom(oldest, hidden)) hiddenKs[typeOfK(k)].push(k);
		for (const type of types) hiddenKs[type].sort((a, b) => a - b);
		/** The `k` of the `rank`th entity of a type the edition shows: its table's, past the hidden ones before it. */
		const kAt = (type: EntityType, rank: number) => {
			let k = registry[type].start + rank;
			for (const h of hiddenKs[type]) if (h <= k) k++;
			return k;
		};
		// The articles the build hid that this edition shows, and the entities they revealed.
		const revealed = Array.from({ length: built - hidden }, (_, j) => at(hidden + j));
		const revealedKs = source.embargoOnly.filter(([, oldest]) => !hiddenFrom(oldest, hidden)).map(([k]) => k);
		// Only when something was revealed: a startup with no embargo lifted reads no registry.
		if (revealedKs.length) source.needEntities(revealedKs);
		const revealedEntities = revealedKs.map(source.entityAt);
		// Every entity an article revealed since the build names, and how many hidden articles name each
		// (the build records which).
		const namedByRevealed = new Set(source.embargoNames.slice(hidden, built).flat());
		const hiddenNames = new Map<number, number>();
		for (const k of source.embargoNames.slice(0, hidden).flat()) hiddenNames.set(k, (hiddenNames.get(k) ?? 0) + 1);
		// Only an `updated` that hidden articles alone have is skipped when rounding `since`.
		let hiddenOnly: Set<string> | undefined;
		// ISO 8601 UTC dates sort as strings.
		let updated = source.updated;
		for (const a of revealed) if (a.updated > updated) updated = a.updated;
		const entityCount = (type: EntityType) => {
			const hiddenHere = hiddenKs[type];
			const withFeeds = hiddenHere.filter((k) => k < registry[type].start + registry[type].withFeeds).length;
			return { all: registry[type].count - hiddenHere.length, withFeeds: registry[type].withFeeds - withFeeds };
		};
		const entitiesOf = (type: EntityType, from = 0, to = Number.POSITIVE_INFINITY) => {
			const end = Math.min(to, entityCount(type).all);
			const ks = Array.from({ length: Math.max(0, end - from) }, (_, i) => kAt(type, from + i));
			source.needEntities(ks);
			return ks.map(source.entityAt);
		};
		const findEntity = (type: EntityType, slug: string) => {
			const e = source.findEntity(type, slug, true);
			return e && shows(e) ? e : undefined;
		};
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
			firstOf,
			// All its articles, less the hidden ones that name it (the build records which): no list read.
			countOf: (e) => source.countOf(e) - (hiddenNames.get(source.kOf(e)) ?? 0),
			newestOf(e) {
				// Only an article revealed since the build can be newer than the build's record.
				if (namedByRevealed.has(source.kOf(e))) {
					const first = firstOf(e, 1)[0];
					return first === undefined ? undefined : (articles.at(first) as ArticleIndex).date;
				}
				return source.newestOf(e) || undefined;
			},
			mostNamed(type, n) {
				// Ranked by the build by all their articles, hidden ones too, so that ranking reads no
				// list; a hidden article moves an entity a place at most, and shows nothing.
				const ks = registry[type].popular.filter((k) => !hiddenKs[type].includes(k)).slice(0, n);
				source.needEntities(ks);
				return ks.map(source.entityAt);
			},
			shows,
			entityCount,
			entitiesOf,
			findEntity,
			nearest(type, slug, feed) {
				// Only what the edition shows (and with `feed`, only those with feeds, which come first).
				const feedEnd = registry[type].start + registry[type].withFeeds;
				const near = source
					.keysNear(type, slug, 48)
					.filter(({ k }) => !hiddenKs[type].includes(k) && (!feed || k < feedEnd));
				// One candidate per entity, with every key of it found near.
				const keys = new Map<string, string[]>();
				for (const { key, slug } of near) keys.set(slug, [...(keys.get(slug) ?? []), key]);
				const candidates = [...keys].map(([slug, [name, ...aliases]]) => ({ slug, name: name as string, aliases }));
				const bySlug = new Map<string, number>(near.map(({ slug, k }) => [slug, k]));
				const ks = source.suggest(slug, candidates).map((s) => bySlug.get(s) as number);
				source.needEntities(ks);
				return ks.map(source.entityAt);
			},
			findArticle(slug) {
				const position = source.positionOf(slug);
				if (position === undefined || position < hidden) return undefined;
				// Its index entry and its body in one round.
				articles.need([position], true);
				const entry = articles.at(position);
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
				const positions = Number.isFinite(count)
					? firstOf(e, from + count).slice(from)
					: listOf(e).slice(from, from + count);
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

/** A record with a value per type. */
function perTypeOf<T>(types: readonly EntityType[], f: (type: EntityType) => T): Record<EntityType, T> {
	return Object.fromEntries(types.map((t) => [t, f(t)])) as Record<EntityType, T>;
}
