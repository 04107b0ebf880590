/**
 * Writes the compiled content that records.ts reads: the head, which the Worker module holds, and
 * the content's files, which are published as static assets (see files.ts for their format and
 * PackedContent for what is where). Runs at build time, in Node; the Worker never imports it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { ByteLru } from "../byte-lru.ts";
import { ENTITY_TYPE_NAMES, perType } from "./entity-types.ts";
import { CONTENT_PATH, createFileStore, writeFile } from "./files.ts";
import { openRecords, type Records, slugBucket } from "./records.ts";
import type {
	ArticleBody,
	CompiledArticle,
	CompiledContent,
	ContentLayout,
	ContentProblem,
	PackedArticles,
	PackedContent,
} from "./types.ts";

/**
 * How the content is cut into sections and files. A section is what one read inflates and parses
 * (well under a millisecond); a file is what one load from the static assets fetches (a few hundred
 * KiB of real prose at most), few enough at a million articles to stay within the Free plan's
 * 20,000 files with room for images (see the README, "How far it scales").
 */
export const LAYOUT: ContentLayout = {
	/** Articles per block of the index: a block is parsed when a listing first reaches into it. */
	blockSize: 256,
	blocksPerFile: 16,
	/** Articles per compressed chunk of bodies. */
	chunkSize: 16,
	chunksPerFile: 8,
	/** Slugs per bucket of the slug index, on average: a lookup by slug parses one bucket. */
	bucketSize: 1024,
	bucketsPerFile: 8,
	/** Characters of entities' article lists per section, at most (one entity's may be longer alone). */
	listChars: 32_768,
	listSectionsPerFile: 8,
	/** Distinct `updated` values per section, and sections per file. */
	updatesPerSection: 4096,
	updateSectionsPerFile: 4,
};

/** Sections of a kind, `perFile` to a file, named by kind, number and the hash of their bytes. */
function filesOf(kind: string, sections: Uint8Array[], perFile: number, out: Map<string, Uint8Array>): string[] {
	const names: string[] = [];
	for (let f = 0; f * perFile < sections.length; f++) {
		const bytes = writeFile(sections.slice(f * perFile, (f + 1) * perFile));
		// Lower-case hex: a path with capitals is not canonical here (src/http/canonical.ts).
		const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
		const name = `${kind}/${f}-${hash}.bin`;
		out.set(name, bytes);
		names.push(name);
	}
	return names;
}

/**
 * The compiled module (which imports the head as a Data module) and the content's files by name
 * (under CONTENT_PATH among the static assets).
 */
export function toModule(
	content: CompiledContent,
	problems: ContentProblem[] = [],
	layout: ContentLayout = LAYOUT,
): { module: string; head: Uint8Array; files: Map<string, Uint8Array> } {
	const deflate = (value: unknown) => deflateSync(JSON.stringify(value), { level: 9 });
	const { articles } = content;
	const slices = (size: number): CompiledArticle[][] =>
		Array.from({ length: Math.ceil(articles.length / size) }, (_, k) => articles.slice(k * size, (k + 1) * size));
	const files = new Map<string, Uint8Array>();

	// Columns rather than objects: a third smaller, and quicker to parse.
	const blockSlices = slices(layout.blockSize);
	const blocks = blockSlices.map((slice) =>
		deflate({
			slug: slice.map((a) => a.slug),
			date: slice.map((a) => a.date),
			rev: slice.map((a) => a.rev),
			updated: Object.fromEntries(slice.flatMap((a, i) => (a.updated === a.date ? [] : [[i, a.updated]]))),
		} satisfies PackedArticles),
	);
	const chunks = slices(layout.chunkSize).map((slice) =>
		deflate(slice.map(({ slug: _, date: __, updated: ___, rev: ____, ...body }): ArticleBody => body)),
	);

	// The slug index, in buckets by hash: [slugs, positions] each.
	const bucketCount = Math.max(1, Math.ceil(articles.length / layout.bucketSize));
	const bucketed = Array.from({ length: bucketCount }, (): [string[], number[]] => [[], []]);
	articles.forEach((a, position) => {
		const bucket = bucketed[slugBucket(a.slug, bucketCount)] as [string[], number[]];
		bucket[0].push(a.slug);
		bucket[1].push(position);
	});

	// Each entity's article list, registries in table order: consecutive lists share a section up to
	// listChars characters, so a feed inflates its own entity's lists and a few neighbours', not all.
	const entities = ENTITY_TYPE_NAMES.flatMap((type) => content.entities[type]);
	const listGroups: number[] = [];
	const listSections: Uint8Array[] = [];
	for (let k = 0; k < entities.length; ) {
		listGroups.push(k);
		const group: number[][] = [];
		let chars = 0;
		do {
			const list = (entities[k] as (typeof entities)[number]).articles;
			group.push(list);
			chars += list.length * 7;
			k++;
		} while (k < entities.length && chars < layout.listChars);
		listSections.push(deflate(group));
	}
	listGroups.push(entities.length);

	// Every distinct `updated`, oldest first: what a `since` query is rounded down to (see
	// src/feeds/query.ts), so values that select the same articles are one cache key.
	const updates = [...new Set(articles.map((a) => a.updated))].sort();
	const updateSections: string[][] = [];
	for (let i = 0; i < updates.length; i += layout.updatesPerSection)
		updateSections.push(updates.slice(i, i + layout.updatesPerSection));

	const articlesPerIndexFile = layout.blockSize * layout.blocksPerFile;
	const { articles: _, entities: registries, history: __, ...rest } = content;
	// ISO 8601 UTC dates sort as strings. The embargoed articles are not counted: the newest
	// update a reader can see at once.
	const newest = articles
		.slice(content.embargoes.length)
		.map((a) => a.updated)
		.sort()
		.at(-1);
	const packed: PackedContent = {
		...rest,
		entities: perType((type) =>
			registries[type].map(({ articles: list, ...entity }) => ({
				...entity,
				count: list.length,
				oldest: list.length ? (list.at(-1) as number) : -1,
			})),
		),
		articleCount: articles.length,
		updated: newest ?? "1970-01-01T00:00:00.000Z",
		layout,
		files: {
			index: filesOf("index", blocks, layout.blocksPerFile, files),
			bodies: filesOf("bodies", chunks, layout.chunksPerFile, files),
			slugs: filesOf(
				"slugs",
				bucketed.map((b) => deflate(b)),
				layout.bucketsPerFile,
				files,
			),
			lists: filesOf("lists", listSections, layout.listSectionsPerFile, files),
			updates: filesOf("updates", updateSections.map(deflate), layout.updateSectionsPerFile, files),
		},
		indexFirst: blockSlices
			.filter((_, k) => (k * layout.blockSize) % articlesPerIndexFile === 0)
			.map((slice) => [(slice[0] as CompiledArticle).date, (slice[0] as CompiledArticle).slug]),
		slugBuckets: bucketCount,
		listGroups,
		updatesFirst: updateSections.map((s) => s[0] as string),
	};
	const head = deflate(packed);
	const module = `// Generated by scripts/build-content.ts from content/. Do not edit.\n// head: the compressed head of the content (site, registries, and the names of the content's files, published as static assets).\nimport head from "./compiled-head.bin";\nexport { head };\nexport const problems = ${JSON.stringify(problems)};\n`;
	return { module, head: new Uint8Array(head), files };
}

/**
 * A reader of packed content with every file at hand (`files` by name): for the build's checks,
 * the tests and the benchmarks, in Node. The Worker loads its files from the static assets.
 */
export function openPacked(head: Uint8Array, files: ReadonlyMap<string, Uint8Array>): Records {
	const store = createFileStore(new ByteLru(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
	for (const [name, bytes] of files) store.put(name, bytes);
	return openRecords(head, store);
}

/** A build's content as written to disk: the head beside its module, the files under its static assets' CONTENT_PATH. */
export function openBuilt(moduleDir: string, publicDir: string): Records {
	const head = readFileSync(join(moduleDir, "compiled-head.bin"));
	const { head: packed } = openPacked(head, new Map());
	const names = Object.values(packed.files).flat();
	return openPacked(head, new Map(names.map((name) => [name, readFileSync(join(publicDir, CONTENT_PATH, name))])));
}
