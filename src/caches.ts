/**
 * Every cache the Worker keeps in an isolate's memory, with its bound, in one table: what an
 * isolate may hold beyond the compiled content is their sum (CACHE_BYTES, about 60 MiB of an
 * isolate's 128 MiB). Each is a ByteLru made here by name; the modules that use them say what
 * their entries are.
 *
 * Bounded elsewhere, by the content rather than by traffic: the registries (the head), their
 * suggestion keys (src/content/suggest.ts, one per entity).
 */
import { ByteLru, type Sized } from "./byte-lru.ts";

const MiB = 1024 * 1024;

export const CACHE_BOUNDS = {
	/** Rendered feeds by canonical URL and view, or only their validators after a 304 (src/http/feeds.ts). */
	feeds: { bytes: 8 * MiB, entries: 2_000 },
	/** Feed request URLs as received, to the canonical URL they were answered for: counted as 1 byte each. */
	feedUrls: { bytes: 10_000, entries: 10_000 },
	/** Rendered RSS and Atom items by format, URL and revision, reused by every feed that lists them (src/feeds/item-reuse.ts). */
	items: { bytes: 8 * MiB, entries: 50_000 },
	/** Decoded articles (title, summary, HTML) by slug (src/content/records.ts). */
	articles: { bytes: 8 * MiB, entries: 20_000 },
	/** The content's files as loaded from the static assets, by name (src/content/files.ts). */
	contentFiles: { bytes: 16 * MiB, entries: 20_000 },
	/** Parsed blocks of the article index, by number (src/content/records.ts). */
	indexBlocks: { bytes: 4 * MiB, entries: 4_000 },
	/** Parsed sections of the entities' article lists, by number (src/content/records.ts). */
	entityLists: { bytes: 4 * MiB, entries: 4_000 },
	/** Parsed buckets of the slug index, by number (src/content/records.ts). */
	slugBuckets: { bytes: 4 * MiB, entries: 4_000 },
	/** Parsed sections of the registries' entries, and of their key index, by number (src/content/records.ts). */
	registryEntries: { bytes: 4 * MiB, entries: 4_000 },
	/** Parsed sections of the registries' entries' newest articles, by number (src/content/records.ts). */
	registryRecent: { bytes: 2 * MiB, entries: 4_000 },
	registryKeys: { bytes: 4 * MiB, entries: 4_000 },
	/** Pages', OPML's and the directory's ETags by origin, path and variant: counted as 1 byte each (src/http/documents.ts). */
	documentTags: { bytes: 10_000, entries: 10_000 },
} as const;

export type CacheName = keyof typeof CACHE_BOUNDS;

/** The most all of them together may hold, in bytes. */
export const CACHE_BYTES = Object.values(CACHE_BOUNDS).reduce((sum, b) => sum + b.bytes, 0);

const made: { name: CacheName; cache: { readonly bytes: number; readonly size: number; clear(): void } }[] = [];

/** A new cache with the bound its name has in the table. */
export function makeCache<V extends Sized>(name: CacheName): ByteLru<V> {
	const { bytes, entries } = CACHE_BOUNDS[name];
	const cache = new ByteLru<V>(bytes, entries);
	made.push({ name, cache });
	return cache;
}

/** What each cache holds now, for tests and benchmarks. */
export const cacheUse = () => made.map(({ name, cache }) => ({ name, bytes: cache.bytes, entries: cache.size }));

/** Empties every cache but those named: for tests that need an isolate as a fresh one finds it. */
export const clearCaches = (keep: readonly CacheName[] = []): void => {
	for (const { name, cache } of made) if (!keep.includes(name)) cache.clear();
};
