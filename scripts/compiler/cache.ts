/**
 * What a build keeps for the next one, so that one article edited compiles one article: each
 * article file as compiled (what the index, the lists and the checks read; not its body) by its
 * path, size and time of change, and the content files the build wrote by what each was made of
 * (see FileReuse in src/content/pack.ts). A later build compiles the files that changed, makes the
 * content files whose inputs changed, and names the others again; a cached article's body, when a
 * file of bodies must be made again, is compiled again from its file (the same bytes: compiling is
 * deterministic).
 *
 * The cache holds for one `basis`: the compiler's and the Worker's code, the site, the registries
 * and the images, which every article is compiled against (a registry edited, every article may be
 * tagged differently: the cache is dropped). It holds while the build's clock moves forward: an
 * article's problems with time are dates after the build, which a later clock cannot add. An
 * article with problems is not kept. A file it names that is gone is made again: a cache one build
 * behind the content files (its build server stopped before it kept its last build's cache, or
 * `npm run build` beside `npm start`) names a few files the later build replaced. With more than
 * MOST_GONE of them gone (someone emptied the static assets), it is dropped: the articles whose
 * bodies were in them would be compiled again one at a time, slower than all of them in parallel.
 * Written whole after a build that succeeded, aside then renamed, so a build that dies leaves the
 * last good one.
 */
import { createHash } from "node:crypto";
import {
	closeSync,
	existsSync,
	fstatSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	renameSync,
	rmSync,
	writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { EarlierBuild } from "../../src/content/earlier.ts";
import { perType } from "../../src/content/entity-types.ts";
import { CONTENT_PATH } from "../../src/content/files.ts";
import type { FileReuse } from "../../src/content/pack.ts";
import { bodyJsonOf } from "../../src/content/pack.ts";
import type { CompiledArticle, EntityRef } from "../../src/content/types.ts";
import { type Compiled, compileFile, type EarlierPrints, type KeptRegistries, NONE, type Prepared } from "./compile.ts";
import type { ContentProblem } from "./errors.ts";
import { type FeedHistory, historyKey } from "./history.ts";
import type { SourceFile } from "./registries.ts";
import { type BodySource, KeptArticle, sharedOrder, sharedRefs } from "./spill.ts";

/** The format's version: a cache of another is dropped. */
const VERSION = 5;

/** A file of the content folder as listed: its path (as the build names it), size and time of change. */
export type Listed = { path: string; size: number; mtimeMs: number };

/**
 * The cache as stored: columns, one value per article file in file order (at a million articles,
 * a million small arrays took seconds to parse and write; columns of strings and numbers take a
 * fraction of that). What is rare (drafts, old slugs, withdrawn articles, updates) is listed by
 * entry number. On disk: a head (`Head`, JSON) then each column's bytes (see writeColumns).
 */
type Stored = Head & {
	/** Each file's path, size and time of change. */
	paths: string[];
	sizes: Float64Array;
	mtimes: Float64Array;
	/** What was compiled of it: slug ("" when its path is `articles/{slug}.md`), date, title ("" if it has no published article). */
	slugs: string[];
	dates: string[];
	titles: string[];
	/** Its article's revision ("" if it has no published article), its entities (how many, then all in a row), its keys' order. */
	revs: string[];
	counts: Uint32Array;
	entities: Uint32Array;
	keyOrders: Uint32Array;
	/** The entries whose articles were published, in the articles' order. */
	order: Uint32Array;
	/** The registries' entities as compiled, before any article was counted (see KeptRegistries), as JSON. */
	registries: string;
	/** Each feed's fingerprint as the build recorded it in its history (see EarlierPrints), as JSON: [key, fingerprint][]. */
	prints: string;
	/**
	 * Columns of text as read, in bytes (never stored as such): a build that leaves one as it was
	 * writes these again rather than joining and encoding a million strings (at a million articles,
	 * the titles alone are 60 MB).
	 */
	raw?: Partial<Record<(typeof TEXT)[number], Uint8Array>>;
};

type Head = {
	version: number;
	/** The byte order its number columns were written in: this machine's (see BYTE_ORDER). */
	byteOrder: string;
	basis: string;
	builtAt: number;
	/** Entities named ("type:slug"), and articles' key orders: what the columns number. */
	refs: string[];
	orders: string[][];
	drafts: number[];
	/** [entry, old slugs, their lines]. */
	olds: [number, string[], number[]][];
	withdrawn: [number, string][];
	/** [entry, updated], where that is not its date. */
	updated: [number, string][];
	/** Content files by what they were made of (see FileReuse): [id, name]. */
	files: [string, string][];
};

/** This machine's byte order, which typed arrays use: a cache written in another is dropped. */
const BYTE_ORDER = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "little-endian" : "big-endian";

/**
 * The columns of text, joined by NUL (which no path, slug, date, title or revision holds: see
 * cleanText), but the registries and the prints, one JSON text each; and of numbers.
 */
const TEXT = ["paths", "slugs", "dates", "titles", "revs", "registries", "prints"] as const;
const NUMBERS = {
	sizes: Float64Array,
	mtimes: Float64Array,
	counts: Uint32Array,
	entities: Uint32Array,
	keyOrders: Uint32Array,
	order: Uint32Array,
} as const;

/**
 * Writes a stored cache to `path`: the head's length (4 bytes), the head (with where each column
 * is), each column at a multiple of 8; part by part, not joined in memory first.
 */
function writeColumns(path: string, stored: Stored): Buffer {
	const parts: Uint8Array[] = [];
	const at: Record<string, [number, number]> = {};
	let offset = 0;
	const add = (name: string, bytes: Uint8Array) => {
		at[name] = [offset, bytes.byteLength];
		parts.push(bytes);
		offset += bytes.byteLength;
		const pad = (8 - (offset % 8)) % 8;
		if (pad) parts.push(new Uint8Array(pad));
		offset += pad;
	};
	// The bytes of each text column kept with it, for a build that keeps this cache in memory (see KeptCache).
	stored.raw ??= {};
	for (const name of TEXT) {
		const value = stored[name];
		stored.raw[name] ??= Buffer.from(typeof value === "string" ? value : value.join("\0"));
		add(name, stored.raw[name]);
	}
	for (const name of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) {
		const column = stored[name];
		add(name, new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
	}
	const {
		paths,
		sizes,
		mtimes,
		slugs,
		dates,
		titles,
		revs,
		counts,
		entities,
		keyOrders,
		order,
		registries,
		prints,
		raw,
		...head
	} = stored;
	const headBytes = Buffer.from(JSON.stringify({ ...head, at }));
	const start = Buffer.alloc(4 + headBytes.byteLength + ((8 - ((4 + headBytes.byteLength) % 8)) % 8));
	start.writeUInt32LE(headBytes.byteLength, 0);
	headBytes.copy(start, 4);
	const fd = openSync(path, "w");
	try {
		for (const part of [start, ...parts])
			for (let done = 0; done < part.byteLength; ) done += writeSync(fd, part, done, part.byteLength - done);
	} finally {
		closeSync(fd);
	}
	// Its head, length first, as readHead reads it back.
	return start.subarray(0, 4 + headBytes.byteLength);
}

/** A stored cache read back (see writeColumns); throws if it is not one. */
function readColumns(bytes: Buffer): Stored {
	const { at, ...head } = parseHead(bytes);
	const length = bytes.readUInt32LE(0);
	const data = 4 + length + ((8 - ((4 + length) % 8)) % 8);
	const stored = { ...head } as Stored;
	for (const [name, Column] of Object.entries(NUMBERS) as [
		keyof typeof NUMBERS,
		(typeof NUMBERS)[keyof typeof NUMBERS],
	][]) {
		const [offset, size] = at[name] as [number, number];
		const start = bytes.byteOffset + data + offset;
		// Over the file's own bytes where they are aligned (they are, in a buffer of its own), else a copy.
		const aligned = start % 8 === 0;
		const buffer = (aligned ? bytes.buffer : bytes.buffer.slice(start, start + size)) as ArrayBuffer;
		(stored as Record<string, unknown>)[name] = new Column(
			buffer,
			aligned ? start : 0,
			size / Column.BYTES_PER_ELEMENT,
		);
	}
	// One value per file (an empty column and a column of one "" are both no bytes: the count tells them apart).
	const count = stored.sizes.length;
	stored.raw = {};
	for (const name of TEXT) {
		const [offset, size] = at[name] as [number, number];
		stored.raw[name] = bytes.subarray(data + offset, data + offset + size);
		const text = bytes.toString("utf8", data + offset, data + offset + size);
		if (name === "registries" || name === "prints") stored[name] = text;
		else {
			stored[name] = count ? text.split("\0") : [];
			if (stored[name].length !== count) throw new Error(`build cache: ${name} has a wrong length`);
		}
	}
	return stored;
}

/** The head of a stored cache (see writeColumns), from its first bytes; throws if it is not one. */
function parseHead(bytes: Buffer): Head & { at: Record<string, [number, number]> } {
	const length = bytes.readUInt32LE(0);
	if (4 + length > bytes.byteLength) throw new Error("build cache: its head is cut short");
	return JSON.parse(bytes.toString("utf8", 4, 4 + length));
}

/**
 * The head of the stored cache at `path`, read alone (with its bytes, length first): what tells
 * whether the cache holds, without its columns.
 */
function readHead(path: string): { head: Head; bytes: Buffer } {
	const fd = openSync(path, "r");
	try {
		const length = Buffer.alloc(4);
		readSync(fd, length, 0, 4, 0);
		// A length past the file's end is a spoiled file, not an allocation to attempt.
		if (4 + length.readUInt32LE(0) > fstatSync(fd).size) throw new Error("build cache: its head is cut short");
		const bytes = Buffer.alloc(4 + length.readUInt32LE(0));
		length.copy(bytes);
		for (let done = 4; done < bytes.byteLength; ) {
			const read = readSync(fd, bytes, done, bytes.byteLength - done, done);
			if (read === 0) break;
			done += read;
		}
		return { head: parseHead(bytes), bytes };
	} finally {
		closeSync(fd);
	}
}

/**
 * A cache as a build left it, kept in memory by a build that stays up (scripts/build-server.ts):
 * the next build of that process starts from it rather than reading it from disk again, under the
 * same checks, while the cache on disk is the one it wrote (or none): another build (`npm run
 * build` beside `npm start`) may have put its own there since, and replaced the content files this
 * one names, and its own is then read (see openCache).
 */
export type KeptCache = {
	readonly stored: Stored;
	/** The head it was written to disk with (see readHead), once it has been. */
	written?: Buffer;
	/** What that build's packing made (see EarlierBuild), kept beside it by the build that keeps it. */
	build?: EarlierBuild;
	/**
	 * The objects that build was given for the entries it took from its cache, by entry: the next
	 * build is given the same ones rather than a million made again (and their garbage collected).
	 */
	objects?: readonly (Compiled | undefined)[];
};

/** What `save` made: the cache, kept, and its writing to disk, which the caller may put off until its answer is out. */
export type SavedCache = { kept: KeptCache; write(): void };

export type ArticleCache = {
	/** How many articles it holds (0 when there was none, or it was dropped), and why it was dropped if it was. */
	readonly size: number;
	readonly dropped: string | undefined;
	/** How many of the content files it names were gone (made again), when it was not dropped. */
	readonly gone: number;
	/**
	 * `file` (the `index`-th in file order) as compiled by an earlier build, if it has not changed
	 * since. Quickest asked in file order.
	 */
	get(file: Listed, index: number): Compiled | undefined;
	/** The files (by number in file order) given by `get`, in the order of their articles in the earlier build. */
	likelyOrder(): number[];
	/** The registries as an earlier build compiled them from the same files (the basis holds them), if it kept them: for one build. */
	registries(): KeptRegistries | undefined;
	/**
	 * The entities' fingerprints an earlier build recorded, and what changed since (see
	 * EarlierPrints), if it kept them: asked once every file has been asked for.
	 */
	earlierPrints(): EarlierPrints | undefined;
	/** The last build of this process, if this cache is the one it kept (see KeptCache), with what its packing made. */
	earlierBuild(): EarlierBuild | undefined;
	/** The content files an earlier build made that are still in place, by what they were made of. */
	readonly reuse: FileReuse;
	/** What cached articles' bodies are compiled against when they are asked for: the registries and the files, in file order. */
	attach(prepared: Prepared, files: readonly SourceFile[]): void;
	/** How many cached articles' bodies were compiled again, one at a time, when asked for. */
	readonly bodiesCompiled: number;
	/** The file (its number in file order) a cached article's body is compiled from when asked for; undefined for others. */
	fileOf(article: CompiledArticle): number | undefined;
	/**
	 * Keeps this build's articles (each listed file, as compiled), their order (`articles`, as
	 * compiled), the fingerprints it recorded (`history`) and the files it named, for the next build.
	 */
	save(
		files: readonly Listed[],
		compiled: readonly (Compiled | undefined)[],
		articles: readonly CompiledArticle[],
		builtAt: number,
		history: FeedHistory,
	): SavedCache;
};

/** The folder the cache of a content folder built into `publicDir` is kept in, under `root` (.reelfeed/cache). */
export const cacheDirOf = (root: string, contentDir: string, publicDir: string) =>
	join(
		root,
		createHash("sha256")
			.update(JSON.stringify([contentDir, publicDir]))
			.digest("hex")
			.slice(0, 12),
	);

/** The path an article file has when its name is its slug's. */
const pathOfSlug = (slug: string) => `articles/${slug}.md`;

/**
 * The cache in `dir` for this basis and clock (empty if there is none, or it does not hold), for a
 * build that writes its content files under `publicDir`.
 */
export function openCache(
	dir: string,
	basis: string,
	now: number,
	publicDir: string,
	{ ignore = false, kept: inMemory }: { ignore?: boolean; kept?: KeptCache | undefined } = {},
): ArticleCache {
	const path = join(dir, "articles.bin");
	let stored: Stored | undefined;
	let keptRegistries: KeptRegistries | undefined;
	let dropped: string | undefined = ignore ? "the build was asked to compile everything" : undefined;
	/** The content files it names that are gone: made again, the others named again. */
	let gone = new Set<string>();
	const holds = (head: Head): string | undefined => {
		if (head.version !== VERSION) return "it is of another version";
		if (head.byteOrder !== BYTE_ORDER) return `it was written ${head.byteOrder}`;
		if (head.basis !== basis) return "the code, the site, a registry or an image changed";
		if (now < head.builtAt) return "the clock is before its build's";
		gone = filesGone(head.files, publicDir);
		if (gone.size > MOST_GONE * new Set(head.files.map(([, name]) => name)).size)
			return `${gone.size} of its content files are gone`;
		return undefined;
	};

	let own = false;
	if (!ignore && inMemory) {
		own = true;
		if (existsSync(path))
			try {
				own = inMemory.written !== undefined && readHead(path).bytes.equals(inMemory.written);
			} catch {
				// Spoiled on disk since: the one in memory is still this process's last.
			}
	}
	if (own && inMemory) {
		// As this process's last build left it.
		dropped = holds(inMemory.stored);
		if (!dropped) {
			stored = inMemory.stored;
			keptRegistries = stored.registries ? (JSON.parse(stored.registries) as KeptRegistries) : undefined;
		}
	} else if (!ignore && existsSync(path)) {
		// Whether it holds is told by its head alone: a cache that does not is never parsed (at a
		// million articles, 200 MB of columns, which a build that compiles everything needs the memory of).
		let head: Head | undefined;
		let headBytes: Buffer | undefined;
		try {
			({ head, bytes: headBytes } = readHead(path));
		} catch {
			dropped = "it could not be read";
		}
		if (head) dropped = holds(head);
		if (!dropped)
			try {
				const bytes = readFileSync(path);
				// Another build may have put its own cache in place since the head was read: that one is not trusted.
				if (!headBytes || !bytes.subarray(0, headBytes.byteLength).equals(headBytes))
					throw new Error("build cache: it changed while it was read");
				stored = readColumns(bytes);
				keptRegistries = stored.registries ? (JSON.parse(stored.registries) as KeptRegistries) : undefined;
			} catch {
				dropped = "it could not be read";
				stored = undefined;
				keptRegistries = undefined;
			}
	}
	const paths = stored?.paths ?? [];
	const count = paths.length;
	// Where each entry's entities start in the row of them.
	const from = new Uint32Array(count + 1);
	for (let e = 0; e < count; e++) from[e + 1] = (from[e] as number) + (stored?.counts[e] ?? 0);
	const drafts = new Set(stored?.drafts);
	const olds = new Map((stored?.olds ?? []).map(([e, slugs, lines]) => [e, [slugs, lines] as const]));
	const withdrawnOf = new Map(stored?.withdrawn);
	const updatedOf = new Map(stored?.updated);
	const orderTable = (stored?.orders ?? []).map(sharedOrder);
	const refs = new Map<string, EntityRef>();
	const refOf = (stored?.refs ?? []).map((key) => {
		const colon = key.indexOf(":");
		return sharedRefs([{ type: key.slice(0, colon), slug: key.slice(colon + 1) } as EntityRef], refs)[0] as EntityRef;
	});
	const earlier = new Map((stored?.files ?? []).filter(([, name]) => !gone.has(name)));
	const kept = new Map<string, string>();
	// The earlier build's keys by name, made when first asked for (see FileReuse.keepAll).
	let byName: Map<string, string[]> | undefined;

	// The entry of a path: the next one when asked in file order, else found by halving.
	let next = 0;
	const entryOf = (p: string): number | undefined => {
		if (paths[next] === p) return next++;
		let [low, high] = [0, count];
		while (low < high) {
			const mid = (low + high) >>> 1;
			if ((paths[mid] as string) < p) low = mid + 1;
			else high = mid;
		}
		if (paths[low] !== p) return undefined;
		next = low + 1;
		return low;
	};

	// What cached articles' bodies are compiled from (see compiledBodies).
	const state: BodyState = { sources: [], entryOfFile: [], revs: stored?.revs ?? [], compiled: 0 };
	const bodies = compiledBodies(state);
	// The entry of each file given out, by its number; the file each entry was given out as.
	const { entryOfFile } = state;
	// What `get` gave for each file: saved again from the stored columns, not from its objects.
	const handed: (Compiled | undefined)[] = [];
	const fileOfEntry = new Int32Array(count).fill(-1);
	let registries = "";
	// The objects the build that kept this cache gave for its entries (see KeptCache.objects).
	const objects = stored && stored === inMemory?.stored ? inMemory.objects : undefined;

	return {
		size: count,
		dropped,
		gone: stored ? gone.size : 0,
		get bodiesCompiled() {
			return state.compiled;
		},
		get(file, index) {
			const e = entryOf(file.path);
			if (e === undefined || !stored || stored.sizes[e] !== file.size || stored.mtimes[e] !== file.mtimeMs)
				return undefined;
			const given = objects?.[e];
			if (given) {
				// As that build was given it from the same columns: the same object, its body read through this build.
				if (given.article instanceof KeptArticle) given.article.readFrom(bodies, index);
				entryOfFile[index] = e;
				fileOfEntry[e] = index;
				handed[index] = given;
				return given;
			}
			const date = stored.dates[e] as string;
			const slug = stored.slugs[e] || file.path.slice("articles/".length, -".md".length);
			const [oldSlugs, oldSlugLines] = olds.get(e) ?? [NONE, NONE];
			const compiled: Compiled = {
				slug,
				date,
				draft: drafts.has(e),
				oldSlugs,
				oldSlugLines,
				withdrawn: withdrawnOf.get(e),
			};
			const rev = stored.revs[e] as string;
			if (rev) {
				const entities: EntityRef[] = [];
				for (let k = from[e] as number; k < (from[e + 1] as number); k++)
					entities.push(refOf[stored.entities[k] as number] as EntityRef);
				compiled.article = new KeptArticle(
					{ slug, title: stored.titles[e] as string, date, updated: updatedOf.get(e) ?? date, rev, entities },
					orderTable[stored.keyOrders[e] as number] as readonly string[],
					bodies,
					index,
				);
			}
			entryOfFile[index] = e;
			fileOfEntry[e] = index;
			handed[index] = compiled;
			return compiled;
		},
		registries() {
			return stored ? keptRegistries : undefined;
		},
		earlierPrints() {
			if (!stored?.prints) return undefined;
			const dropped = new Set<string>();
			for (let e = 0; e < count; e++) {
				if ((fileOfEntry[e] as number) >= 0) continue;
				for (let k = from[e] as number; k < (from[e + 1] as number); k++) {
					const ref = refOf[stored.entities[k] as number] as EntityRef;
					dropped.add(historyKey.entity(ref.type, ref.slug));
				}
			}
			return {
				prints: new Map(JSON.parse(stored.prints) as [string, string][]),
				builtAt: stored.builtAt,
				keptFile: (file) => handed[file] !== undefined,
				dropped,
			};
		},
		earlierBuild() {
			// Not once files it names are gone: its build names them by their ids.
			return stored && stored === inMemory?.stored && gone.size === 0 ? inMemory.build : undefined;
		},
		likelyOrder() {
			const order: number[] = [];
			for (const e of stored?.order ?? []) {
				const file = fileOfEntry[e] ?? -1;
				if (file >= 0) order.push(file);
			}
			return order;
		},
		reuse: {
			get(id) {
				return earlier.get(id);
			},
			keep(id, name) {
				kept.set(id, name);
			},
			keepAll(name) {
				byName ??= idsByName(earlier);
				for (const id of byName.get(name) ?? []) kept.set(id, name);
			},
		},
		attach(p, files) {
			state.prepared = p;
			state.sources = files;
			// Before any article is counted in them; kept only if the build succeeds (see save). Those
			// given by this cache are saved again as they were read.
			registries =
				stored?.registries && keptRegistries
					? stored.registries
					: JSON.stringify(perType((type) => p.context.registries[type].entities));
		},
		fileOf(article) {
			return article instanceof KeptArticle ? article.bodyIn(bodies) : undefined;
		},
		save(files, compiled, articles, builtAt, history) {
			const n = files.length;
			const out: Stored = {
				version: VERSION,
				byteOrder: BYTE_ORDER,
				basis,
				builtAt,
				// The stored tables, added to: a cached entry's numbers into them stay as they are.
				refs: [...(stored?.refs ?? [])],
				orders: [...(stored?.orders ?? [])],
				paths: [],
				sizes: new Float64Array(n),
				mtimes: new Float64Array(n),
				slugs: [],
				dates: [],
				titles: [],
				drafts: [],
				olds: [],
				withdrawn: [],
				revs: [],
				counts: new Uint32Array(n),
				entities: new Uint32Array(0),
				keyOrders: new Uint32Array(n),
				updated: [],
				order: new Uint32Array(articles.length),
				files: [...kept],
				registries,
				prints: JSON.stringify(Object.entries(history).map(([key, record]) => [key, record.fingerprint])),
			};
			// Each entry's object as the cache gave it, by entry (see KeptCache.objects).
			const objects: (Compiled | undefined)[] = [];
			// Entities by their shared object first (see sharedRefs), then by key.
			const refByObject = new Map<EntityRef, number>(refOf.map((r, k) => [r, k]));
			let refByKey: Map<string, number> | undefined;
			const refIndex = (r: EntityRef): number => {
				let k = refByObject.get(r);
				if (k === undefined) {
					const key = `${r.type}:${r.slug}`;
					refByKey ??= new Map(out.refs.map((ref, j) => [ref, j]));
					k = refByKey.get(key);
					if (k === undefined) {
						k = out.refs.push(key) - 1;
						refByKey.set(key, k);
					}
					refByObject.set(r, k);
				}
				return k;
			};
			let entities = new Uint32Array(Math.max(1024, stored?.entities.length ?? 0));
			let filled = 0;
			const addEntity = (k: number) => {
				if (filled === entities.length) {
					const more = new Uint32Array(entities.length * 2);
					more.set(entities);
					entities = more;
				}
				entities[filled++] = k;
			};
			const orderIndex = new Map<readonly string[] | string, number>();
			orderTable.forEach((order, k) => {
				orderIndex.set(order, k);
				orderIndex.set(order.join(), k);
			});
			const entryOfArticle = new Map<CompiledArticle, number>();
			files.forEach((file, i) => {
				const c = compiled[i];
				if (!c) return;
				const e = out.paths.push(file.path) - 1;
				out.sizes[e] = file.size;
				out.mtimes[e] = file.mtimeMs;
				if (c.draft) out.drafts.push(e);
				if (c.oldSlugs.length) out.olds.push([e, c.oldSlugs, c.oldSlugLines]);
				if (c.withdrawn !== undefined) out.withdrawn.push([e, c.withdrawn]);
				const a = c.article;
				if (a && a.updated !== a.date) out.updated.push([e, a.updated]);
				if (a) entryOfArticle.set(a, e);
				const was = entryOfFile[i];
				if (stored && was !== undefined && handed[i] === c) {
					// As the cache gave it: its columns copied, and its object kept for the next build.
					objects[e] = c;
					out.slugs.push(stored.slugs[was] as string);
					out.dates.push(stored.dates[was] as string);
					out.titles.push(stored.titles[was] as string);
					out.revs.push(stored.revs[was] as string);
					out.counts[e] = stored.counts[was] as number;
					out.keyOrders[e] = stored.keyOrders[was] as number;
					for (let k = from[was] as number; k < (from[was + 1] as number); k++) addEntity(stored.entities[k] as number);
					return;
				}
				out.slugs.push(file.path === pathOfSlug(c.slug) ? "" : c.slug);
				out.dates.push(c.date);
				if (!a) {
					out.titles.push("");
					out.revs.push("");
					return;
				}
				// Shared key orders by their array; others by their keys.
				const keys = a instanceof KeptArticle ? a.keys : Object.keys(a);
				let order = orderIndex.get(keys);
				if (order === undefined) {
					const joined = keys.join();
					order = orderIndex.get(joined) ?? out.orders.push([...keys]) - 1;
					orderIndex.set(joined, order);
					if (a instanceof KeptArticle) orderIndex.set(keys, order);
				}
				out.titles.push(a.title);
				out.revs.push(a.rev);
				out.counts[e] = a.entities.length;
				for (const r of a.entities) addEntity(refIndex(r));
				out.keyOrders[e] = order;
			});
			// Files with problems are not kept: the columns end with the last file kept.
			const entries = out.paths.length;
			out.sizes = out.sizes.subarray(0, entries);
			out.mtimes = out.mtimes.subarray(0, entries);
			out.counts = out.counts.subarray(0, entries);
			out.keyOrders = out.keyOrders.subarray(0, entries);
			out.entities = entities.subarray(0, filled);
			let placed = 0;
			for (const a of articles) {
				const e = entryOfArticle.get(a);
				if (e !== undefined) out.order[placed++] = e;
			}
			out.order = out.order.subarray(0, placed);
			// A column of text that holds what it held is written as it was read (see Stored.raw).
			out.raw = {};
			for (const name of TEXT) {
				const was = stored?.raw?.[name];
				if (!stored || !was) continue;
				const now = out[name];
				const then = stored[name];
				if (typeof now === "string" ? now === then : now.length === then.length && now.every((v, e) => v === then[e]))
					out.raw[name] = was;
			}
			const forNext: KeptCache = { stored: out, objects };
			// The build is done: its articles kept for the next hold nothing of it through their bodies' source.
			state.sources = [];
			state.prepared = undefined;
			state.entryOfFile = [];
			state.revs = [];
			return {
				kept: forNext,
				write() {
					mkdirSync(dir, { recursive: true });
					// Aside under a name of this process's own, then renamed: two builds at once never mix their writes.
					const aside = `${path}.${process.pid}.tmp`;
					const head = writeColumns(aside, out);
					renameSync(aside, path);
					forNext.written = head;
					// The cache of the format before this one, which no build reads any more (200 MB at a million).
					rmSync(join(dir, "articles.json"), { force: true });
				},
			};
		},
	};
}

/** What a cache's articles' bodies are compiled from, until the build is done (see compiledBodies). */
type BodyState = {
	prepared?: Prepared;
	/** The build's files, in file order. */
	sources: readonly SourceFile[];
	/** The cache's entry of each file it gave, by the file's number. */
	entryOfFile: number[];
	/** The revisions the cache's entries had, which a body compiled again must have. */
	revs: readonly string[];
	/** How many bodies were compiled. */
	compiled: number;
};

/**
 * A cached article's body: its file compiled again, which must give the revision it had. Apart
 * from openCache's other state, so that an article kept for the next build (KeptCache.objects)
 * holds only this, emptied once the build is done.
 */
function compiledBodies(state: BodyState): BodySource {
	return {
		get(index) {
			const file = state.sources[index];
			if (!state.prepared || !file) throw new Error(`build cache: no file ${index} to compile a body from`);
			const problems: ContentProblem[] = [];
			const article = compileFile(file, state.prepared, problems)?.article;
			state.compiled++;
			const entry = state.entryOfFile[index];
			if (!article || problems.length || entry === undefined || article.rev !== state.revs[entry])
				throw new Error(
					`build cache: ${file.path} changed during the build, or was edited without its size or time of change moving: build again (with --fresh if this persists)`,
				);
			return bodyJsonOf(article);
		},
	};
}

/** Past this share of its content files gone, a cache is dropped (see the top of this module). */
const MOST_GONE = 0.25;

/** The content files named (by [key, name]) that are not in `publicDir`. */
function filesGone(files: readonly [string, string][], publicDir: string): Set<string> {
	const root = join(publicDir, CONTENT_PATH);
	const present = new Set<string>();
	const dirs = new Set(files.map(([, name]) => dirname(name)));
	for (const d of dirs)
		if (existsSync(join(root, d))) for (const name of readdirSync(join(root, d))) present.add(`${d}/${name}`);
	const gone = new Set<string>();
	for (const [, name] of files) if (!present.has(name)) gone.add(name);
	return gone;
}

/** Each name's keys among [key, name] pairs (a file is known by several: see FileReuse.keepAll). */
function idsByName(files: ReadonlyMap<string, string>): Map<string, string[]> {
	const byName = new Map<string, string[]>();
	for (const [id, name] of files) {
		const ids = byName.get(name);
		if (ids) ids.push(id);
		else byName.set(name, [id]);
	}
	return byName;
}
