/**
 * Reads the compiled content (see PackedContent) lazily. Startup parses the head alone (site,
 * registries, and the names of the content's files); a block of the article index, a section of
 * the entities' article lists, a bucket of the slug index or a chunk of bodies is read from its
 * file (files.ts) when a response first needs it, and kept in a bounded cache (src/caches.ts). So
 * startup, a fresh isolate's first response, and an isolate's memory do not grow with the archive.
 */
import { inflateSync } from "node:zlib";
import { makeCache } from "../caches.ts";
import type { EntityType } from "./entity-types.ts";
import { ContentUnavailable, type FileStore, readSection } from "./files.ts";
import type {
	Article,
	ArticleBody,
	ArticleIndex,
	ContentLayout,
	Entity,
	Image,
	PackedArticles,
	PackedContent,
	PackedEntity,
} from "./types.ts";

/** Every article, newest first (by date, then slug), by position: what listings are cut from. */
export type ArticleTable = {
	readonly length: number;
	at(position: number): ArticleIndex | undefined;
	/**
	 * Reads nothing; throws ContentNeeded naming every file these positions' entries are in that is
	 * not loaded, and with `bodies`, their bodies' files too (those of articles not already decoded):
	 * a listing that will show its articles loads both in one round.
	 */
	need(positions: Iterable<number>, bodies?: boolean): void;
	/**
	 * Positions [from, to) that hold every article at or after (date, slug) up to the next index
	 * file's first: where a binary search for a cursor need look, within one file.
	 */
	near(date: string, slug: string): [number, number];
};

export type Records = {
	head: PackedContent;
	/** Registry entry `k` (counted across types, see PackedContent.registry), its `articles` read on use. */
	entityAt(k: number): Entity;
	/** Reads nothing; throws ContentNeeded naming every registry file these entries are in that is not loaded. */
	needEntities(ks: Iterable<number>): void;
	/**
	 * The entry of this type with this slug, if there is one; `withRecent` when its newest articles
	 * will be read too (its feed, its page, its embed: LazyEntity.recent): their file is then asked
	 * for with its entry's. Its list is read only when used, beyond them.
	 */
	findEntity(type: EntityType, slug: string, withRecent?: boolean): Entity | undefined;
	/** Reads nothing it has not loaded; asks for every file that finding these reads, at once (two rounds). */
	needFound(refs: readonly { type: EntityType; slug: string }[]): void;
	/**
	 * The entries of a type's key index (see keysOf in pack.ts) around where `key` sorts, about
	 * `around` on each side: what the nearest slugs to one that names nothing are looked for among.
	 */
	keysNear(type: EntityType, key: string, around: number): { key: string; slug: string; k: number }[];
	articles: ArticleTable;
	/** The whole article for an index entry. */
	load(entry: ArticleIndex): Article;
	/** Reads nothing; throws ContentNeeded naming every file these articles' bodies are in that is not loaded. */
	needBodies(entries: Iterable<ArticleIndex>): void;
	/** The position of the article with this slug, if there is one. */
	positionOf(slug: string): number | undefined;
	/** The latest `updated` of the articles at or before `limit` (before it, if `strict`), if any. */
	updateBefore(limit: string, strict?: boolean): string | undefined;
	/** How many sections of the content have been inflated and parsed (the head included): for tests. */
	stats: { sections: number };
};

/**
 * A registry entry whose article list is read when used. A class, because building 1,650 of them
 * costs half of what copying plain objects and defining a lazy property on each did (measured in
 * workerd with callgrind: 6.6 against 14 million instructions).
 */
export class LazyEntity implements Entity {
	type: Entity["type"];
	slug: string;
	name: string;
	aliases: string[];
	description: string;
	kind: string;
	declare year?: number;
	declare url?: string;
	declare email?: string;
	declare image?: Image;
	declare oldSlugs?: string[];
	rev: string;
	changed: string;
	/** How many articles name it, and the position of the oldest: see hiddenAt in edition.ts. */
	count: number;
	oldest: number;
	/** The latest `updated` of its articles but the embargoed ones, and the `date` of the newest. */
	latest: string;
	newest: string;
	/** Its place across the registries' tables (PackedContent.registry), which its list shares. */
	readonly k: number;
	#list: (k: number) => number[];
	#recent: (k: number) => readonly number[];

	/**
	 * `packed` as the registry's files hold it (its oldest article counted from the oldest: see
	 * fromOldest), of `articleCount` articles; `list` and `recent` read its list and its newest
	 * articles (PackedEntity.recent), as positions, from their files.
	 */
	constructor(
		packed: Omit<PackedEntity, "recent">,
		k: number,
		list: (k: number) => number[],
		recent: (k: number) => readonly number[],
		articleCount: number,
	) {
		this.type = packed.type;
		this.slug = packed.slug;
		this.name = packed.name;
		this.aliases = packed.aliases;
		this.description = packed.description;
		this.kind = packed.kind;
		if (packed.year !== undefined) this.year = packed.year;
		if (packed.url !== undefined) this.url = packed.url;
		if (packed.email !== undefined) this.email = packed.email;
		if (packed.image !== undefined) this.image = packed.image;
		if (packed.oldSlugs !== undefined) this.oldSlugs = packed.oldSlugs;
		this.rev = packed.rev;
		this.changed = packed.changed;
		this.count = packed.count;
		this.oldest = fromOldest(articleCount, packed.oldest);
		this.latest = packed.latest;
		this.newest = packed.newest;
		this.k = k;
		this.#list = list;
		this.#recent = recent;
	}

	get articles(): number[] {
		return this.#list(this.k);
	}

	/**
	 * Its newest articles' positions, newest first, as its entry holds them: `layout.recent` of them
	 * (all, when it has no more), without reading its list.
	 */
	get recent(): readonly number[] {
		return this.#recent(this.k);
	}
}

/**
 * Sections of `size` consecutive articles, `perFile` to a file, cut from the oldest article, so
 * that the newest file alone holds fewer than a file's worth, and `shift` empty places come before
 * the newest article. A new article then changes the newest file, not every file (each article's
 * position moves by one, and `shift` by one back), and a build names the others again (see
 * pack.ts); so does a deploy. The index and the bodies are cut so; the writer and the reader both
 * ask here.
 */
export type Cut = {
	shift: number;
	/** How many sections, the empty ones before the newest article included. */
	sections: number;
	/** The positions of section k's articles, [from, to). */
	range(k: number): [number, number];
	sectionOf(position: number): number;
	fileOf(position: number): number;
};

export function cutFromOldest(count: number, size: number, perFile: number): Cut {
	const articlesPerFile = size * perFile;
	const shift = (articlesPerFile - (count % articlesPerFile)) % articlesPerFile;
	return {
		shift,
		sections: Math.ceil((count + shift) / size),
		range: (k) => [Math.max(0, k * size - shift), Math.max(0, Math.min(count, (k + 1) * size - shift))],
		sectionOf: (position) => Math.floor((position + shift) / size),
		fileOf: (position) => Math.floor((position + shift) / articlesPerFile),
	};
}

/** How the bodies are cut: chunks of `chunkSize`, `chunksPerFile` to a file (see cutFromOldest). */
export const bodyCut = (count: number, layout: Pick<ContentLayout, "chunkSize" | "chunksPerFile">) =>
	cutFromOldest(count, layout.chunkSize, layout.chunksPerFile);

/** How the index is cut: blocks of `blockSize`, `blocksPerFile` to a file (see cutFromOldest). */
export const indexCut = (count: number, layout: Pick<ContentLayout, "blockSize" | "blocksPerFile">) =>
	cutFromOldest(count, layout.blockSize, layout.blocksPerFile);

/**
 * An article's position (newest first) from its place counted from the oldest, and back: the files
 * of lists, the registry's entries and the slug index hold places from the oldest, which a new
 * article (the newest) moves for no other, so that it changes only the files it is in (see pack.ts).
 */
export const fromOldest = (count: number, place: number): number => count - 1 - place;

/**
 * Which of `buckets` buckets of the slug index a slug is in: 32-bit FNV-1a of its UTF-16 code
 * units. The writer (pack.ts) and the reader must agree, so it lives here, once.
 */
export function slugBucket(slug: string, buckets: number): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < slug.length; i++) hash = Math.imul(hash ^ slug.charCodeAt(i), 0x01000193);
	return (hash >>> 0) % buckets;
}

/** The last index in sorted `values` whose value is at most `value` (-1 if none). */
function lastAtOrBefore<T>(values: readonly T[], value: T): number {
	let lo = 0;
	let hi = values.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((values[mid] as T) <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

/** The compressed head (compiled.js's `head`), reading the rest from `files`. */
export function openRecords(headBytes: ArrayBuffer | Uint8Array, files: FileStore): Records {
	const stats = { sections: 1 };
	const headRaw = inflateSync(headBytes instanceof Uint8Array ? headBytes : new Uint8Array(headBytes));
	const head = JSON.parse(headRaw.toString("utf8")) as PackedContent;
	const { layout } = head;

	/** Section `k` of a kind whose files hold `perFile` sections each. */
	function section<T>(names: string[], perFile: number, k: number): { value: T; bytes: number } {
		const name = names[Math.floor(k / perFile)];
		if (name === undefined) throw new ContentUnavailable(`(section ${k})`, "is not among the deployed files");
		stats.sections++;
		return readSection<T>(name, files.get(name), k % perFile);
	}

	/**
	 * Sections of lists of places (see fromOldest), each list turned into positions when it is read,
	 * not its neighbours': `at(s, i)` is the ith list of section s of the files `names`.
	 */
	function placeLists(cache: "entityLists" | "registryRecent", names: string[], perFile: number) {
		const sections = makeCache<{ places: number[][]; positions: number[][]; size: number }>(cache);
		return (s: number, i: number): number[] => {
			let hit = sections.get(String(s));
			if (!hit) {
				const { value, bytes } = section<number[][]>(names, perFile, s);
				hit = { places: value, positions: [], size: bytes * 2 };
				sections.set(String(s), hit);
			}
			let list = hit.positions[i];
			if (!list) {
				const count = head.articleCount;
				list = (hit.places[i] ?? []).map((place) => fromOldest(count, place));
				hit.positions[i] = list;
			}
			return list;
		};
	}

	// Entity lists, a section of consecutive entities at a time.
	const listAt = placeLists("entityLists", head.files.lists, layout.listSectionsPerFile);
	function listOf(k: number): number[] {
		const g = lastAtOrBefore(head.listGroups, k);
		return listAt(g, k - (head.listGroups[g] as number));
	}
	// Registry entries, a section at a time.
	const entitySections = makeCache<{ entities: LazyEntity[]; size: number }>("registryEntries");
	const perEntitySection = layout.entitiesPerSection;
	const entityFileOf = (k: number) =>
		head.files.registry[Math.floor(k / (perEntitySection * layout.entitySectionsPerFile))] as string;
	function entityAt(k: number): Entity {
		const s = Math.floor(k / perEntitySection);
		let hit = entitySections.get(String(s));
		if (!hit) {
			const { value, bytes } = section<Omit<PackedEntity, "recent">[]>(
				head.files.registry,
				layout.entitySectionsPerFile,
				s,
			);
			hit = {
				entities: value.map(
					(packed, i) => new LazyEntity(packed, s * perEntitySection + i, listOf, recentOf, head.articleCount),
				),
				size: bytes * 3,
			};
			entitySections.set(String(s), hit);
		}
		const entity = hit.entities[k - s * perEntitySection];
		if (!entity) throw new ContentUnavailable(entityFileOf(k), `has no registry entry ${k}`);
		return entity;
	}
	// Each entry's newest articles (PackedEntity.recent), a section of the registry's at a time.
	const recentAt = placeLists("registryRecent", head.files.recent, layout.entitySectionsPerFile);
	const recentFileOf = (k: number) =>
		head.files.recent[Math.floor(k / (perEntitySection * layout.entitySectionsPerFile))] as string;
	const recentOf = (k: number): readonly number[] => recentAt(Math.floor(k / perEntitySection), k % perEntitySection);
	function needEntities(ks: Iterable<number>) {
		const names = new Set<string>();
		for (const k of ks) if (!entitySections.get(String(Math.floor(k / perEntitySection)))) names.add(entityFileOf(k));
		files.need(names);
	}

	// The key index: [keys, slugs, ks] a section.
	const keySections = makeCache<{ keys: [string[], string[], number[]]; size: number }>("registryKeys");
	const keyFileOf = (s: number) => head.files.keys[Math.floor(s / layout.keySectionsPerFile)] as string;
	function keySection(s: number): [string[], string[], number[]] {
		let hit = keySections.get(String(s));
		if (!hit) {
			const { value, bytes } = section<[string[], string[], number[]]>(head.files.keys, layout.keySectionsPerFile, s);
			hit = { keys: value, size: bytes * 3 };
			keySections.set(String(s), hit);
		}
		return hit.keys;
	}
	/** Whether [a, b] sorts before [c, d], as the key index is sorted: by key, then slug. */
	const before = (a: string, b: string, c: string, d: string) => a < c || (a === c && b < d);
	/** The section of a type's key index where [key, slug] sorts, as an index among the type's sections. */
	function keySectionOf(type: EntityType, key: string, slug: string): number {
		const firsts = head.registry[type].keys[1];
		let lo = 0;
		let hi = firsts.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const [k, s] = firsts[mid] as [string, string];
			if (before(key, slug, k, s)) hi = mid;
			else lo = mid + 1;
		}
		return Math.max(0, lo - 1);
	}
	/** Where [key, slug] sorts in a section: the first entry not before it. */
	function positionIn(keys: [string[], string[], number[]], key: string, slug: string): number {
		let lo = 0;
		let hi = keys[0].length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (before(keys[0][mid] as string, keys[1][mid] as string, key, slug)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	/** The `k` of the entry of this type with this slug, from the key index alone. */
	function kOf(type: EntityType, slug: string): number | undefined {
		const { keys, count } = head.registry[type];
		if (count === 0) return undefined;
		const keys_ = keySection(keys[0] + keySectionOf(type, slug, slug));
		const i = positionIn(keys_, slug, slug);
		if (keys_[0][i] !== slug || keys_[1][i] !== slug) return undefined;
		return keys_[2][i] as number;
	}
	function findEntity(type: EntityType, slug: string, withRecent = false): Entity | undefined {
		const k = kOf(type, slug);
		if (k === undefined) return undefined;
		// Its entry's file and its newest articles' in one round, where both are needed.
		if (withRecent && !entitySections.get(String(Math.floor(k / perEntitySection))))
			files.need([entityFileOf(k), recentFileOf(k)]);
		return entityAt(k);
	}
	/** Asks for the files that finding these entities reads, all at once: the key index's, then every entry's. */
	function needFound(refs: readonly { type: EntityType; slug: string }[]) {
		const sections = refs
			.filter((r) => head.registry[r.type].count > 0)
			.map((r) => head.registry[r.type].keys[0] + keySectionOf(r.type, r.slug, r.slug));
		files.need(sections.filter((s) => !keySections.get(String(s))).map(keyFileOf));
		needEntities(refs.flatMap((r) => kOf(r.type, r.slug) ?? []));
	}
	function keysNear(type: EntityType, key: string, around: number) {
		const { keys, count } = head.registry[type];
		if (count === 0) return [];
		const sections = keys[1].length;
		const at = keySectionOf(type, key, "");
		// This section and its neighbours, loaded together: the window may cross into either.
		const around_ = [at - 1, at, at + 1].filter((s) => s >= 0 && s < sections).map((s) => keys[0] + s);
		files.need(around_.filter((s) => !keySections.get(String(s))).map(keyFileOf));
		const entries = around_.flatMap((s) => {
			const [ks, slugs, is] = keySection(s);
			return ks.map((key, i) => ({ key, slug: slugs[i] as string, k: is[i] as number }));
		});
		let i = 0;
		while (
			i < entries.length &&
			before((entries[i] as { key: string }).key, (entries[i] as { slug: string }).slug, key, "")
		)
			i++;
		return entries.slice(Math.max(0, i - around), i + around);
	}

	// Decoded articles, most recently used kept.
	const decoded = makeCache<{ article: Article; size: number }>("articles");
	// The bodies and the index are cut from the oldest article (see cutFromOldest).
	const chunks = bodyCut(head.articleCount, layout);
	const bodyFileOf = (position: number) => head.files.bodies[chunks.fileOf(position)] as string;
	const index = indexCut(head.articleCount, layout);
	const blocks = makeCache<{ entries: ArticleIndex[]; size: number }>("indexBlocks");
	function block(b: number): ArticleIndex[] {
		const key = String(b);
		const hit = blocks.get(key);
		if (hit) return hit.entries;
		const { value: columns, bytes } = section<PackedArticles>(head.files.index, layout.blocksPerFile, b);
		const [first] = index.range(b);
		const entries = columns.slug.map((slug, i): ArticleIndex => {
			const date = columns.date[i] as string;
			const updated = columns.updated[i] ?? date;
			const title = columns.title[i] as string;
			return { position: first + i, slug, title, date, updated, rev: columns.rev[i] as string };
		});
		blocks.set(key, { entries, size: bytes * 3 });
		return entries;
	}
	/** The entry at `position` of its block's entries. */
	const entryOf = (entries: readonly ArticleIndex[] | undefined, position: number) =>
		entries?.[position - index.range(index.sectionOf(position))[0]];
	const indexFileOf = (position: number) => head.files.index[index.fileOf(position)] as string;
	const articles: ArticleTable = {
		length: head.articleCount,
		at(position) {
			if (!(position >= 0 && position < head.articleCount)) return undefined;
			return entryOf(block(index.sectionOf(position)), position);
		},
		need(positions, bodies = false) {
			const names = new Set<string>();
			for (const p of positions) {
				if (!(p >= 0 && p < head.articleCount)) continue;
				const cached = blocks.get(String(index.sectionOf(p)));
				if (!cached) names.add(indexFileOf(p));
				if (!bodies) continue;
				// Known decoded by its slug when its block is parsed; else its file is asked for too.
				const entry = entryOf(cached?.entries, p);
				if (!(entry && decoded.get(entry.slug))) names.add(bodyFileOf(p));
			}
			files.need(names);
		},
		near(date, slug) {
			// Index files' first articles, newest first: the last one at or after (date, slug) is where it lies.
			let lo = 0;
			let hi = head.indexFirst.length;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				const [d, s] = head.indexFirst[mid] as [string, string];
				if (d > date || (d === date && s <= slug)) lo = mid + 1;
				else hi = mid;
			}
			const f = Math.max(0, lo - 1);
			const perFile = layout.blocksPerFile;
			return [index.range(f * perFile)[0], index.range((f + 1) * perFile - 1)[1]];
		},
	};

	/**
	 * The first article asked for from a chunk inflates it, and every article of the chunk is
	 * kept, since feeds list neighbours together.
	 */
	function load(entry: ArticleIndex): Article {
		const hit = decoded.get(entry.slug);
		if (hit) return hit.article;
		const c = chunks.sectionOf(entry.position);
		const { value: bodies, bytes: raw } = section<ArticleBody[]>(head.files.bodies, layout.chunksPerFile, c);
		const size = (raw * 2) / bodies.length;
		const [first] = chunks.range(c);
		let found: Article | undefined;
		bodies.forEach((body, i) => {
			const index = articles.at(first + i) as ArticleIndex;
			const article: Article = { ...index, ...body };
			decoded.set(index.slug, { article, size });
			if (index.slug === entry.slug) found = article;
		});
		if (!found) throw new ContentUnavailable(bodyFileOf(entry.position), `has no body for article "${entry.slug}"`);
		return found;
	}
	function needBodies(entries: Iterable<ArticleIndex>) {
		const names = new Set<string>();
		for (const e of entries) if (!decoded.get(e.slug)) names.add(bodyFileOf(e.position));
		files.need(names);
	}

	/**
	 * The slug index, in buckets by the slug's hash (slugBucket), each parsed on first use: a lookup
	 * by slug (an article page) reads one bucket of about `bucketSize` slugs, whatever the archive's
	 * size, not every block of the index.
	 */
	const buckets = makeCache<{ map: Map<string, number>; size: number }>("slugBuckets");
	function positionOf(slug: string): number | undefined {
		if (head.articleCount === 0) return undefined;
		const b = slugBucket(slug, head.slugBuckets);
		let hit = buckets.get(String(b));
		if (!hit) {
			const { value, bytes } = section<[string[], number[]]>(head.files.slugs, layout.bucketsPerFile, b);
			const count = head.articleCount;
			hit = { map: new Map(value[0].map((s, i) => [s, fromOldest(count, value[1][i] as number)])), size: bytes * 4 };
			buckets.set(String(b), hit);
		}
		return hit.map.get(slug);
	}

	const updateSections = new Map<number, string[]>();
	function updateBefore(limit: string, strict = false): string | undefined {
		let s = lastAtOrBefore(head.updatesFirst, limit);
		while (s >= 0) {
			let values = updateSections.get(s);
			if (!values) {
				values = section<string[]>(head.files.updates, layout.updateSectionsPerFile, s).value;
				if (updateSections.size > 64) updateSections.clear();
				updateSections.set(s, values);
			}
			const i = lastAtOrBefore(values, limit);
			const j = strict && values[i] === limit ? i - 1 : i;
			if (j >= 0) return values[j];
			s--;
		}
		return undefined;
	}

	return {
		head,
		entityAt,
		needEntities,
		findEntity,
		needFound,
		keysNear,
		articles,
		load,
		needBodies,
		positionOf,
		updateBefore,
		stats,
	};
}
