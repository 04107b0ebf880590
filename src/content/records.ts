/**
 * Reads the compiled content (see PackedContent) lazily. Startup parses the head alone (site,
 * registries, and the names of the content's files); a block of the article index, a section of
 * the entities' article lists, a bucket of the slug index or a chunk of bodies is read from its
 * file (files.ts) when a response first needs it, and kept in a bounded cache (src/caches.ts). So
 * startup, a fresh isolate's first response, and an isolate's memory do not grow with the archive.
 */
import { inflateSync } from "node:zlib";
import { makeCache } from "../caches.ts";
import { type EntityType, perType } from "./entity-types.ts";
import { ContentUnavailable, type FileStore, readSection } from "./files.ts";
import type {
	Article,
	ArticleBody,
	ArticleIndex,
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
	/** Reads nothing; throws ContentNeeded naming every file these positions' entries are in that is not loaded. */
	need(positions: Iterable<number>): void;
	/**
	 * Positions [from, to) that hold every article at or after (date, slug) up to the next index
	 * file's first: where a binary search for a cursor need look, within one file.
	 */
	near(date: string, slug: string): [number, number];
};

export type Records = {
	head: PackedContent;
	/** The registries, each entity's `articles` read on use. */
	entities: Record<EntityType, Entity[]>;
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

/** Which entity a registry entry is, in table order: where its list is. */
type Listed = { readonly listIndex: number };

/**
 * A registry entry whose article list is read when used. A class, because building 1,650 of them
 * costs half of what copying plain objects and defining a lazy property on each did (measured in
 * workerd with callgrind: 6.6 against 14 million instructions at startup).
 */
class LazyEntity implements Entity, Listed {
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
	/** How many articles name it, and the position of the oldest (-1 if none): see hiddenAt in edition.ts. */
	count: number;
	oldest: number;
	readonly listIndex: number;
	#list: (k: number) => number[];

	constructor(packed: PackedEntity, listIndex: number, list: (k: number) => number[]) {
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
		this.oldest = packed.oldest;
		this.listIndex = listIndex;
		this.#list = list;
	}

	get articles(): number[] {
		return this.#list(this.listIndex);
	}
}

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

	// Entity lists, a section of consecutive entities at a time.
	const listSections = makeCache<{ lists: number[][]; size: number }>("entityLists");
	function listOf(k: number): number[] {
		const g = lastAtOrBefore(head.listGroups, k);
		const key = String(g);
		let hit = listSections.get(key);
		if (!hit) {
			const { value, bytes } = section<number[][]>(head.files.lists, layout.listSectionsPerFile, g);
			hit = { lists: value, size: bytes * 2 };
			listSections.set(key, hit);
		}
		return hit.lists[k - (head.listGroups[g] as number)] ?? [];
	}
	let k = 0;
	// In table order, as the writer wrote the lists.
	const entities = perType((type) => head.entities[type].map((packed) => new LazyEntity(packed, k++, listOf)));

	const blocks = makeCache<{ entries: ArticleIndex[]; size: number }>("indexBlocks");
	function block(b: number): ArticleIndex[] {
		const key = String(b);
		const hit = blocks.get(key);
		if (hit) return hit.entries;
		const { value: columns, bytes } = section<PackedArticles>(head.files.index, layout.blocksPerFile, b);
		const entries = columns.slug.map((slug, i): ArticleIndex => {
			const date = columns.date[i] as string;
			const updated = columns.updated[i] ?? date;
			return { position: b * layout.blockSize + i, slug, date, updated, rev: columns.rev[i] as string };
		});
		blocks.set(key, { entries, size: bytes * 3 });
		return entries;
	}
	const indexFileOf = (position: number) =>
		head.files.index[Math.floor(position / (layout.blockSize * layout.blocksPerFile))] as string;
	const articles: ArticleTable = {
		length: head.articleCount,
		at(position) {
			if (!(position >= 0 && position < head.articleCount)) return undefined;
			const b = Math.floor(position / layout.blockSize);
			return block(b)[position - b * layout.blockSize];
		},
		need(positions) {
			const names = new Set<string>();
			for (const p of positions)
				if (p >= 0 && p < head.articleCount && !blocks.get(String(Math.floor(p / layout.blockSize))))
					names.add(indexFileOf(p));
			files.need(names);
		},
		near(date, slug) {
			const perFile = layout.blockSize * layout.blocksPerFile;
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
			return [f * perFile, Math.min(head.articleCount, (f + 1) * perFile)];
		},
	};

	// Decoded articles, most recently used kept.
	const decoded = makeCache<{ article: Article; size: number }>("articles");
	const bodyFileOf = (position: number) =>
		head.files.bodies[Math.floor(position / (layout.chunkSize * layout.chunksPerFile))] as string;
	/**
	 * The first article asked for from a chunk inflates it, and every article of the chunk is
	 * kept, since feeds list neighbours together.
	 */
	function load(entry: ArticleIndex): Article {
		const hit = decoded.get(entry.slug);
		if (hit) return hit.article;
		const c = Math.floor(entry.position / layout.chunkSize);
		const { value: bodies, bytes: raw } = section<ArticleBody[]>(head.files.bodies, layout.chunksPerFile, c);
		const size = (raw * 2) / bodies.length;
		let found: Article | undefined;
		bodies.forEach((body, i) => {
			const index = articles.at(c * layout.chunkSize + i) as ArticleIndex;
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
			hit = { map: new Map(value[0].map((s, i) => [s, value[1][i] as number])), size: bytes * 4 };
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

	return { head, entities, articles, load, needBodies, positionOf, updateBefore, stats };
}
