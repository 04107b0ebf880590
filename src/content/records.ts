/**
 * Reads the compiled records (see PackedContent) lazily. Startup parses the head alone (site,
 * registries, and where the rest lies); an entity's article list is parsed when first used, a
 * block of the article index when a listing first reaches into it, and a chunk of bodies when a
 * response first needs one of its articles. So a fresh isolate's first feed costs a block and a
 * chunk or two, whatever the archive's size.
 */
import { inflateRawSync } from "node:zlib";
import { makeCache } from "../caches.ts";
import { type EntityType, perType } from "./entity-types.ts";
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
};

export type Records = {
	head: PackedContent;
	/** The registries, each entity's `articles` parsed on first use. */
	entities: Record<EntityType, Entity[]>;
	articles: ArticleTable;
	/** The whole article for an index entry. */
	load(entry: ArticleIndex): Article;
	/** The position of the article with this slug, if there is one. */
	positionOf(slug: string): number | undefined;
	/** Every distinct `updated` of the articles, oldest first (ISO 8601 UTC); parsed on first use. */
	updates(): readonly string[];
	/** How many sections of the records have been inflated and parsed (the head included): for tests. */
	stats: { sections: number };
};

/**
 * A registry entry whose article list is parsed when first read. A class, because building 1,650
 * of them costs half of what copying plain objects and defining a lazy property on each did
 * (measured in workerd with callgrind: 6.6 against 14 million instructions at startup).
 */
class LazyEntity implements Entity {
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
	#list: (() => number[]) | number[];

	constructor(packed: PackedEntity, list: () => number[]) {
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
		this.#list = list;
	}

	get articles(): number[] {
		if (typeof this.#list === "function") this.#list = this.#list();
		return this.#list;
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

/** `records` as the compiled module exports it; its first `headBytes` bytes are the head. */
export function openRecords(records: ArrayBuffer | Uint8Array, headBytes: number): Records {
	const bytes = records instanceof Uint8Array ? records : new Uint8Array(records);
	const inflate = (from: number, to: number) => inflateRawSync(bytes.subarray(from, to));
	const stats = { sections: 0 };
	// Inflated bytes to text with Buffer's own UTF-8 decoding: 4 million fewer instructions in
	// workerd than TextDecoder on the head of 10,000 articles (callgrind).
	const parse = <T>(from: number, to: number): { value: T; bytes: number } => {
		stats.sections++;
		const raw = inflate(from, to);
		return { value: JSON.parse(raw.toString("utf8")) as T, bytes: raw.byteLength };
	};
	const head = parse<PackedContent>(0, headBytes).value;

	let listText: string | undefined;
	/** Entity k's article list, parsed from the lists section on first use. */
	const listOf = (k: number): number[] => {
		listText ??= inflate(headBytes + head.listBytes[0], headBytes + head.listBytes[1]).toString("utf8");
		return JSON.parse(listText.slice(head.lists[k], head.lists[k + 1])) as number[];
	};
	let k = 0;
	// In table order, as the writer wrote the lists.
	const entities = perType((type) =>
		head.entities[type].map((packed) => {
			const at = k++;
			return new LazyEntity(packed, () => listOf(at));
		}),
	);

	/** Section k of a list of offsets (PackedContent.blocks or .chunks), parsed. */
	const section = <T>(offsets: number[], k: number) =>
		parse<T>(headBytes + (offsets[k] as number), headBytes + (offsets[k + 1] as number));

	const blocks: ArticleIndex[][] = [];
	function block(k: number): ArticleIndex[] {
		const { value: columns } = section<PackedArticles>(head.blocks, k);
		const entries = columns.slug.map((slug, i): ArticleIndex => {
			const date = columns.date[i] as string;
			const updated = columns.updated[i] ?? date;
			return { position: k * head.blockSize + i, slug, date, updated, rev: columns.rev[i] as string };
		});
		blocks[k] = entries;
		return entries;
	}
	const articles: ArticleTable = {
		length: head.articleCount,
		at(position) {
			if (!(position >= 0 && position < head.articleCount)) return undefined;
			const k = Math.floor(position / head.blockSize);
			return (blocks[k] ?? block(k))[position - k * head.blockSize];
		},
	};

	// Decoded articles, most recently used kept.
	const decoded = makeCache<{ article: Article; size: number }>("articles");
	/**
	 * The first article asked for from a chunk inflates it, and every article of the chunk is
	 * kept, since feeds list neighbours together.
	 */
	function load(entry: ArticleIndex): Article {
		const hit = decoded.get(entry.slug);
		if (hit) return hit.article;
		const k = Math.floor(entry.position / head.chunkSize);
		const { value: bodies, bytes: raw } = section<ArticleBody[]>(head.chunks, k);
		const size = (raw * 2) / bodies.length;
		let found: Article | undefined;
		bodies.forEach((body, i) => {
			const index = articles.at(k * head.chunkSize + i) as ArticleIndex;
			const article: Article = { ...index, ...body };
			decoded.set(index.slug, { article, size });
			if (index.slug === entry.slug) found = article;
		});
		if (!found) throw new Error(`compiled content has no body for article "${entry.slug}"`);
		return found;
	}

	/**
	 * The slug index, in buckets by the slug's hash (slugBucket), each parsed on first use: a lookup
	 * by slug (an article page) reads one bucket of about SLUG_BUCKET_SIZE slugs, whatever the
	 * archive's size, not every block of the index.
	 */
	const buckets: Map<string, number>[] = [];
	function positionOf(slug: string): number | undefined {
		const count = head.slugBuckets.length - 1;
		if (count < 1) return undefined;
		const k = slugBucket(slug, count);
		let bucket = buckets[k];
		if (!bucket) {
			const { value } = section<[string[], number[]]>(head.slugBuckets, k);
			bucket = new Map(value[0].map((s, i) => [s, value[1][i] as number]));
			buckets[k] = bucket;
		}
		return bucket.get(slug);
	}

	let updates: string[] | undefined;
	const allUpdates = () =>
		(updates ??= parse<string[]>(headBytes + head.updatesBytes[0], headBytes + head.updatesBytes[1]).value);

	return { head, entities, articles, load, positionOf, updates: allUpdates, stats };
}
