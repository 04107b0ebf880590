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
import {
	type ArticleColumns,
	type Changes,
	changesSince,
	type EarlierBuild,
	type Moves,
	type PackMemo,
} from "./earlier.ts";
import { ENTITY_TYPE_NAMES, type EntityType, kindHasFeed, perType } from "./entity-types.ts";
import { CONTENT_PATH, createFileStore, writeFile } from "./files.ts";
import { bodyCut, type Cut, fromOldest, indexCut, openRecords, type Records, slugBucket } from "./records.ts";
import { slugify } from "./slug.ts";
import { firstAtOrAfter } from "./sorted.ts";
import type {
	CompiledArticle,
	CompiledContent,
	ContentLayout,
	ContentProblem,
	Entity,
	PackedArticles,
	PackedContent,
	PackedEntity,
	TaggedEntity,
} from "./types.ts";

/**
 * How the content is cut into sections and files. A section is what one read inflates and parses
 * (well under a millisecond); a file is what one load from the static assets fetches (a few hundred
 * KiB of real prose at most), few enough at a million articles to stay within the Free plan's
 * 20,000 files with room for images (see the README, "How far it scales"). Sections are small: a
 * request that reads one article's entry or body, or one entity's, inflates and parses its whole
 * section, and the articles a person's feed shows are spread over the archive (run AD in
 * BENCHMARKS.md: at 100,000 articles, with blocks of 256 and chunks of 16 and the rest four times
 * this size, a fresh isolate's first article page took 11.3 ms of CPU against 8.6, the home page
 * 12.2 against 9.7); files hold many, so their number does not grow with it.
 */
export const LAYOUT: ContentLayout = {
	/** Articles per block of the index: a block is parsed when a listing first reaches into it. */
	blockSize: 32,
	blocksPerFile: 128,
	/** Articles per compressed chunk of bodies. */
	chunkSize: 4,
	chunksPerFile: 32,
	/** Slugs per bucket of the slug index, on average: a lookup by slug parses one bucket. */
	bucketSize: 256,
	bucketsPerFile: 32,
	/** Characters of entities' article lists per section, at most (one entity's may be longer alone). */
	listChars: 32_768,
	listSectionsPerFile: 8,
	/**
	 * An entity's newest articles its registry entry holds (PackedEntity.recent): a feed's first
	 * page of the most items allowed and the one after them, and a page's list (LISTED).
	 */
	recent: 128,
	/** Distinct `updated` values per section, and sections per file. */
	updatesPerSection: 4096,
	updateSectionsPerFile: 4,
	/** Registry entries per section, and sections per file (the entries' `recent` are cut so too). */
	entitiesPerSection: 64,
	entitySectionsPerFile: 64,
	/** Entries of the registries' key index per section (see PackedContent.keys), and sections per file. */
	keysPerSection: 256,
	keySectionsPerFile: 64,
};

/**
 * An article whose body is kept elsewhere (a build's spill, scripts/compiler/spill.ts) has a
 * method under this key that reads it back as JSON: packing reads each body once, through bodyJsonOf.
 */
export const BODY = Symbol("body");

/** The fields packing writes of an article as its body: all but its index fields (its title one of them) and tags. */
export type BodyFields = Omit<CompiledArticle, "slug" | "title" | "date" | "updated" | "rev" | "entities">;

/** An article's body as packing writes it, JSON of an object in its keys' order. */
export function bodyJsonOf(article: CompiledArticle): string {
	const spilled = (article as { [BODY]?: () => string })[BODY];
	if (spilled) return spilled.call(article);
	const { slug: _, title: _t, date: __, updated: ___, rev: ____, entities: _____, ...body } = article;
	return JSON.stringify(body satisfies BodyFields);
}

/** How many of each type the head names as the most written about (Edition.mostNamed). */
export const POPULAR = 200;

/**
 * The keys an entity is found and suggested by: its slug, the slugs of its name and aliases, and
 * each of those from its second word on ("russo" for joe-russo), so that a search among sorted
 * keys finds it by any of them.
 */
export function keysOf(e: { slug: string; name: string; aliases: readonly string[] }): string[] {
	const whole = [e.slug, slugify(e.name), ...e.aliases.map(slugify)].filter(Boolean);
	const keys = new Set<string>();
	for (const key of whole) {
		const words = key.split("-");
		for (let i = 0; i < words.length; i++) keys.add(words.slice(i).join("-"));
	}
	return [...keys];
}

/**
 * Files an earlier build made that this one may name again, by what they were made of: a build
 * whose inputs to a file are unchanged takes its name and skips making it (at a million articles,
 * compressing the bodies again is minutes). `get` answers only for a file still in place; `keep`
 * is told every file this build names, by its key, for the next build.
 */
export type FileReuse = {
	get(key: string): string | undefined;
	keep(key: string, name: string): void;
	/**
	 * Keeps every key an earlier build knew `name` by: a file named again by what all the files of
	 * its kind are made of (FileInput.whole) is kept by its own key too, unmade, so that a later
	 * build whose whole changed (a new article) still finds it by its sections.
	 */
	keepAll?(name: string): void;
};

/** Where a content file goes as it is made: kept in a map, or handed to `write` (a build's, which writes it to disk). */
type FileSink = {
	files: Map<string, Uint8Array>;
	write?: (name: string, bytes: Uint8Array) => void;
	reuse?: FileReuse;
	time?: (stage: string, ms: number) => void;
	deflate?: (texts: readonly string[], level: number) => Uint8Array[];
};

/** What a file of a kind is made of: its sections' text (JSON), each compressed at `level`. */
type FileInput = {
	kind: string;
	count: number;
	/** The i-th section's JSON. */
	section: (i: number) => string;
	perFile: number;
	level: number;
	/**
	 * What the f-th file is made of, when that is known without making its sections (the bodies:
	 * their articles' revisions); else the hash of its sections' text is.
	 */
	key?: (f: number) => string;
	/**
	 * What all the files of the kind are made of together, when that is cheaper to know than any
	 * one file's sections (the slugs in order, for the slug index: each of its buckets needs every
	 * slug hashed). An earlier build's files of the same whole are named again, and no section made.
	 */
	whole?: () => string;
	/** The files' ids by the whole, known already (an earlier build's, of the same whole); set by filesOf once made. */
	wholeIds?: string[];
	/**
	 * Where the files' ids are kept once known (see fileId), when they are asked for more than
	 * once or kept for the next build; an id given already (an earlier build's file of the same
	 * inputs) spares making its sections unless the file must be made again.
	 */
	ids?: string[];
	/**
	 * The names of files known to hold what an earlier build's file of that name held (the slug
	 * index's buckets no moved article is in): named again, nothing of them made or hashed.
	 */
	named?: readonly (string | undefined)[];
};

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** What the f-th file of a kind is known by among the files a build may reuse: what it is made of. */
function fileId({ kind, level, perFile, key, section, count, ids }: FileInput, f: number, texts?: string[]): string {
	const known = ids?.[f];
	if (known !== undefined) return known;
	const made = key ? key(f) : sha((texts ?? sectionsOf({ section, count, perFile }, f)).join("\u0000"));
	const id = sha(JSON.stringify([kind, level, perFile, made]));
	if (ids) ids[f] = id;
	return id;
}

/** The f-th file's sections' text. */
const sectionsOf = ({ section, count, perFile }: Pick<FileInput, "section" | "count" | "perFile">, f: number) =>
	Array.from({ length: Math.min(count, (f + 1) * perFile) - f * perFile }, (_, i) => section(f * perFile + i));

/**
 * `count` sections of a kind (`section(i)` makes the i-th), `perFile` to a file, named by kind,
 * number and the hash of their bytes. Each file is made and handed on before the next one's
 * sections are: a build holds one file of bodies at a time, not the archive's. A file an earlier
 * build made of the same inputs (`sink.reuse`) is named again, not made.
 */
function filesOf(input: FileInput, sink: FileSink): string[] {
	const { kind, count, perFile, key, level, named } = input;
	const started = performance.now();
	// Each file is also kept by its number and the whole, when there is one: a later build of the same whole names them all.
	const wholeIds = input.wholeIds ?? (input.whole && sink.reuse ? idsOfWhole(input, input.whole()) : undefined);
	input.wholeIds = wholeIds;
	const whole = wholeIds?.map((id) => sink.reuse?.get(id));
	const names: string[] = [];
	// Files named by the whole are kept by every key they had, so that a build whose whole changed
	// (a slug added) makes again only the files whose sections did.
	if (whole?.every((name) => name !== undefined)) {
		names.push(...(whole as string[]));
		for (const name of names) sink.reuse?.keepAll?.(name);
	} else
		for (let f = 0; f * perFile < count; f++) {
			const known = named?.[f];
			if (known !== undefined) {
				sink.reuse?.keepAll?.(known);
				names.push(known);
				continue;
			}
			// The sections are made first unless the key, or an id known already, says what the file is made of without them.
			const texts = key || input.ids?.[f] !== undefined ? undefined : sectionsOf(input, f);
			const id = fileId(input, f, texts);
			const reused = sink.reuse?.get(id);
			if (reused !== undefined) {
				sink.reuse?.keep(id, reused);
				names.push(reused);
				continue;
			}
			const sections = texts ?? sectionsOf(input, f);
			const bytes = writeFile(
				sink.deflate ? sink.deflate(sections, level) : sections.map((text) => deflateSync(text, { level })),
			);
			// Lower-case hex: a path with capitals is not canonical here (src/http/canonical.ts).
			const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
			// Named by its bytes alone, not its number: a file named again after the files before it
			// grew in number (a new article) is named as a build from nothing names it.
			const name = `${kind}/${hash}.bin`;
			if (sink.write) sink.write(name, bytes);
			else sink.files.set(name, bytes);
			sink.reuse?.keep(id, name);
			names.push(name);
		}
	wholeIds?.forEach((id, f) => {
		sink.reuse?.keep(id, names[f] as string);
	});
	sink.time?.(`pack: ${kind}`, performance.now() - started);
	return names;
}

/** What each file of a kind is known by among the files a build may reuse, by its number and what all of them are made of. */
function idsOfWhole({ kind, level, perFile, count }: FileInput, whole: string): string[] {
	const made = sha(whole);
	return Array.from({ length: Math.ceil(count / perFile) }, (_, f) =>
		sha(JSON.stringify([kind, level, perFile, count, "whole", made, f])),
	);
}

/** `filesOf` for `count` sections' values (`sectionAt(i)` the i-th), as JSON at zlib's best; `ids` as FileInput's. */
const filesOfAll = (
	kind: string,
	count: number,
	sectionAt: (i: number) => unknown,
	perFile: number,
	sink: FileSink,
	ids: string[],
) => filesOf({ kind, count, section: (i) => JSON.stringify(sectionAt(i)), perFile, level: 9, ids }, sink);

/**
 * What a file whose sections hold these groups of articles is made of, when their revisions say
 * it all: the revisions, section by section, each group given by its positions [from, to).
 */
const revisionsOf = (revs: readonly string[], groups: readonly (readonly [number, number])[]) =>
	JSON.stringify(groups.map(([from, to]) => revs.slice(from, to)));

/** The f-th file's sections' positions, [from, to) each, of a kind cut `perFile` sections to a file. */
const rangesOf = (cut: Cut, perFile: number, f: number) =>
	Array.from({ length: Math.min(cut.sections, (f + 1) * perFile) - f * perFile }, (_, i) => cut.range(f * perFile + i));

/**
 * The ids of the files of bodies (see fileId), by the articles they are made of and the layout:
 * a build asks for them twice, before packing (bodiesToRead) and packing (at a million articles,
 * 0.4 s each time).
 */
const bodyFileIds = new WeakMap<readonly CompiledArticle[], { layout: ContentLayout; length: number; ids: string[] }>();

/**
 * The files of bodies, a chunk at a time as they are written (see filesOf), cut from the oldest
 * article (see cutFromOldest): a new article changes the newest file alone, an edit its own file.
 * At zlib's default level: twice as fast as its best on prose, for 0.4 % more bytes. With the
 * earlier build's packing (`earlier`, which holds for these positions), a file no changed article
 * is in has the id it had.
 */
function bodyInput(
	articles: readonly CompiledArticle[],
	layout: ContentLayout,
	bodyJson: (a: CompiledArticle) => string,
	changes: Changes,
	earlier: EarlierBuild | undefined,
): FileInput & { articlesOf: (f: number) => CompiledArticle[] } {
	const cut = bodyCut(articles.length, layout);
	const inChunk = (k: number) => articles.slice(...cut.range(k));
	const count = cut.sections;
	const chunksOf = (f: number) => rangesOf(cut, layout.chunksPerFile, f);
	let known = bodyFileIds.get(articles);
	if (known?.layout !== layout || known.length !== articles.length) {
		known = {
			layout,
			length: articles.length,
			ids: idsKept("bodies", cut, layout.chunkSize * layout.chunksPerFile, changes, layout, earlier),
		};
		bodyFileIds.set(articles, known);
	}
	return {
		ids: known.ids,
		kind: "bodies",
		count,
		section: (k) => `[${inChunk(k).map(bodyJson).join(",")}]`,
		perFile: layout.chunksPerFile,
		level: 6,
		// Each article's revision covers its body and its entities' (see compile.ts).
		key: (f) => revisionsOf(changes.columns.revs, chunksOf(f)),
		articlesOf: (f) => chunksOf(f).flatMap((r) => articles.slice(...r)),
	};
}

/**
 * The earlier build's ids of the files of a kind cut by `cut` (see cutFromOldest), `perFile`
 * articles to a file, that hold for these articles: after an edit in place, all but the changed
 * articles' files; after moves (see Moves), those whose places from the oldest hold the very
 * articles they held, so that a new article, the newest, leaves every older file named as it was.
 */
function idsKept(
	kind: "index" | "bodies",
	cut: Cut,
	perFile: number,
	changes: Changes,
	layout: ContentLayout,
	earlier: EarlierBuild | undefined,
): string[] {
	if (earlier?.pack.layout !== layout) return [];
	const was = earlier.pack.ids[kind];
	if (changes.changed) {
		const ids = [...was];
		for (const i of changes.changed) delete ids[cut.fileOf(i)];
		return ids;
	}
	const { moves } = changes;
	if (!moves) return [];
	const count = changes.columns.revs.length;
	const wasCount = earlier.columns.revs.length;
	const [files, wasFiles] = [Math.ceil(count / perFile), Math.ceil(wasCount / perFile)];
	const ids: string[] = [];
	// File g from the oldest holds places [g * perFile, (g + 1) * perFile), fewer in the newest.
	for (let g = 0; g < Math.min(files, wasFiles); g++) {
		const end = Math.min((g + 1) * perFile, count);
		if (end > moves.same || end !== Math.min((g + 1) * perFile, wasCount)) break;
		const id = was[wasFiles - 1 - g];
		if (id !== undefined) ids[files - 1 - g] = id;
	}
	return ids;
}

/**
 * The earlier build's files of the slug index, by name, that hold for these articles cut in
 * `buckets` buckets: after an edit in place, all; after moves (see Moves), with as many buckets as
 * then, all but those a slug is in whose place from the oldest may have moved (of the newest, now
 * or then): a bucket holds its slugs and their places, in order.
 */
function slugsKept(
	changes: Changes,
	layout: ContentLayout,
	earlier: EarlierBuild | undefined,
	buckets: number,
): (string | undefined)[] | undefined {
	const was = earlier?.pack.slugNames;
	if (!was || earlier.pack.layout !== layout || earlier.pack.shape.slugBuckets !== buckets) return undefined;
	if (changes.changed) return [...was];
	const { moves } = changes;
	if (!moves) return undefined;
	const named: (string | undefined)[] = [...was];
	for (const slugs of [changes.columns.slugs, earlier.columns.slugs])
		for (let p = 0; p < slugs.length - moves.same; p++)
			named[Math.floor(slugBucket(slugs[p] as string, buckets) / layout.bucketsPerFile)] = undefined;
	return named;
}

const sameAliases = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((alias, i) => alias === b[i]);

/** Whether `entities` are `was`, one by one: the same type, slug, kind, name and aliases (what their keys are made of). */
function sameKeys(entities: readonly Entity[], was: readonly Entity[] | undefined): boolean {
	return (
		was?.length === entities.length &&
		entities.every((e, k) => {
			const w = was[k] as Entity;
			return (
				e.type === w.type &&
				e.slug === w.slug &&
				e.kind === w.kind &&
				e.name === w.name &&
				sameAliases(e.aliases, w.aliases)
			);
		})
	);
}

/**
 * After moves, the earlier build's ids of the files of lists whose sections hold what they held:
 * the entities grouped as they were (`memo`'s table the same, see sameKeys, and its groups), each
 * file's entities listing the same places from the oldest, which a new article moves for none but
 * its own entities.
 */
function listsKept(
	entities: readonly Entity[],
	listGroups: readonly number[],
	count: number,
	earlier: EarlierBuild,
	perFile: number,
): string[] {
	const was = earlier.pack.shape.listGroups;
	if (was.length !== listGroups.length || was.some((first, i) => first !== listGroups[i])) return [];
	const wasCount = earlier.columns.slugs.length;
	const listsAsBefore = (k: number) => {
		const e = entities[k] as Entity;
		const list = e.articles;
		const before = earlier.lists.get(`${e.type}:${e.slug}`);
		if (before?.length !== list.length) return false;
		for (let i = 0; i < list.length; i++)
			if (fromOldest(count, list[i] as number) !== fromOldest(wasCount, before[i] as number)) return false;
		return true;
	};
	const sections = listGroups.length - 1;
	const ids: string[] = [];
	earlier.pack.ids.lists.forEach((id, f) => {
		const [from, to] = [listGroups[f * perFile] as number, listGroups[Math.min(sections, (f + 1) * perFile)] as number];
		for (let k = from; k < to; k++) if (!listsAsBefore(k)) return;
		ids[f] = id;
	});
	return ids;
}

/** Two registry entries that read the same: the same entity (its revision; sameKeys says its aliases), list and times. */
const sameRecord = (a: PackedEntity, b: PackedEntity) =>
	a.rev === b.rev &&
	a.count === b.count &&
	a.oldest === b.oldest &&
	a.latest === b.latest &&
	a.newest === b.newest &&
	a.changed === b.changed &&
	a.recent.length === b.recent.length &&
	a.recent.every((place, i) => place === b.recent[i]);

/**
 * Every distinct `updated` after moves (see Moves), from the earlier build's: the values of the
 * articles that came or changed put in, those of the articles gone or changed taken out where no
 * article has them now. Undefined past a few such values (then they are all found again).
 */
function updatesAfter(moves: Moves, columns: ArticleColumns, earlier: EarlierBuild): string[] | undefined {
	const was = earlier.columns.updated;
	const gone = new Set<string>();
	const come = new Set<string>();
	for (let j = 0; j < moves.to.length; j++) {
		const i = moves.to[j] as number;
		if (i < 0) gone.add(was[j] as string);
		else if (columns.updated[i] !== was[j]) {
			gone.add(was[j] as string);
			come.add(columns.updated[i] as string);
		}
		if (gone.size > FEW_UPDATES) return undefined;
	}
	for (const i of moves.added) come.add(columns.updated[i] as string);
	const updates = [...(earlier.pack.updates as readonly string[])];
	const at = (value: string) => firstAtOrAfter(updates, value);
	for (const value of gone)
		if (!come.has(value) && !columns.updated.includes(value)) {
			const i = at(value);
			if (updates[i] === value) updates.splice(i, 1);
		}
	for (const value of come) {
		const i = at(value);
		if (updates[i] !== value) updates.splice(i, 0, value);
	}
	return updates;
}

/** Values gone from the updates past which updatesAfter finds them all again: each is looked for among every article. */
const FEW_UPDATES = 64;

/** The earlier build's ids of the files of updates whose sections hold what they held: those before the first value that moved. */
function updatesKept(updates: readonly string[], memo: PackMemo, layout: ContentLayout): string[] {
	const was = memo.updates as readonly string[];
	let same = 0;
	while (same < updates.length && same < was.length && updates[same] === was[same]) same++;
	const perFile = layout.updatesPerSection * layout.updateSectionsPerFile;
	const ids: string[] = [];
	memo.ids.updates.forEach((id, f) => {
		const end = (f + 1) * perFile;
		if (end <= same) ids[f] = id;
	});
	return ids;
}

/** Buckets of the slug index past which all are made at once, rather than each found among the places. */
const FEW_BUCKETS = 64;

/**
 * Each place's bucket of the slug index (see slugBucket), the places from the oldest below `known`
 * taken from `was` (an earlier build's, whose places held the same slugs).
 */
function bucketsByPlace(slugs: readonly string[], buckets: number, was: Int32Array | undefined, known: number) {
	const n = slugs.length;
	const of = new Int32Array(n);
	const from = was ? Math.min(known, was.length, n) : 0;
	if (was) of.set(was.subarray(0, from));
	for (let place = from; place < n; place++) of[place] = slugBucket(slugs[fromOldest(n, place)] as string, buckets);
	return of;
}

/**
 * The earlier build's packing (see EarlierBuild), if its files' ids hold for these articles: they
 * stand where they stood, each naming what it named, cut by the same layout.
 */
function packedBefore(changes: Changes, layout: ContentLayout, earlier: EarlierBuild | undefined) {
	return changes.changed && earlier?.pack.layout === layout ? earlier.pack : undefined;
}

/**
 * The articles whose bodies packing will read: those of the files of bodies it cannot take from
 * `reuse` (all, without). A build whose bodies are elsewhere fetches them first (see build-content.ts).
 */
export function bodiesToRead(
	articles: readonly CompiledArticle[],
	reuse: FileReuse | undefined,
	layout: ContentLayout = LAYOUT,
	earlier?: EarlierBuild,
): CompiledArticle[] {
	const changes = changesSince(articles, earlier);
	const input = bodyInput(articles, layout, () => "", changes, earlier);
	const needed: CompiledArticle[] = [];
	for (let f = 0; f * input.perFile < input.count; f++)
		if (reuse?.get(fileId(input, f)) === undefined) needed.push(...input.articlesOf(f));
	return needed;
}

/**
 * Every distinct `updated` of `articles` (newest first by date, as compiled), oldest first, in
 * linear time: an article never updated has its date, in order already when taken from the
 * oldest; the few others (and any article out of that order) are sorted apart and merged in.
 */
export function distinctUpdates(articles: readonly CompiledArticle[]): string[] {
	return distinctUpdatesOf(
		articles.map((a) => a.date),
		articles.map((a) => a.updated),
	);
}

/** distinctUpdates of the articles' dates and updates, position by position. */
function distinctUpdatesOf(dates: readonly string[], updates: readonly string[]): string[] {
	const dated: string[] = [];
	const revised: string[] = [];
	for (let i = dates.length - 1; i >= 0; i--) {
		const date = dates[i] as string;
		const updated = updates[i] as string;
		if (updated !== date) revised.push(updated);
		else if (dated.length > 0 && date < (dated.at(-1) as string)) revised.push(date);
		else dated.push(date);
	}
	revised.sort();
	const merged: string[] = [];
	for (let d = 0, r = 0; d < dated.length || r < revised.length; ) {
		const next =
			r >= revised.length || (d < dated.length && (dated[d] as string) <= (revised[r] as string))
				? dated[d++]
				: revised[r++];
		if (next !== merged.at(-1)) merged.push(next as string);
	}
	return merged;
}

/** What a build hands toModule: where files go as they are made, what it may reuse, and a clock for --times. */
export type PackOptions = {
	write?: FileSink["write"];
	reuse?: FileReuse;
	/** Told how long each kind of file took, and the tables before them (of the whole), for a build's --times. */
	time?: (stage: string, ms: number) => void;
	/** The last build of a build that stays up: what its packing made is taken where it holds (see EarlierBuild). */
	earlier?: EarlierBuild;
	/**
	 * Compresses a file's sections, each with zlib at `level`, in their order: the build shares
	 * the work with a second thread (scripts/compiler/deflate.ts); by default, deflateSync here.
	 */
	deflate?: FileSink["deflate"];
	/** This build's packing is kept for the next build's (`next`, by the build server): see slugPlaces. */
	stays?: boolean;
};

/** `make()`, made the first time it is asked for. */
function once<T>(make: () => T): () => T {
	let made: { value: T } | undefined;
	return () => {
		made ??= { value: make() };
		return made.value;
	};
}

/**
 * The compiled module (which imports the head as a Data module) and the content's files by name
 * (under CONTENT_PATH among the static assets); with `write`, each file is handed to it as it is
 * made and not kept (`files` is then empty). `next` is what a build that stays up keeps for the
 * next one (see EarlierBuild).
 */
export function toModule(
	content: CompiledContent,
	problems: ContentProblem[] = [],
	layout: ContentLayout = LAYOUT,
	{ write, reuse, time, earlier, deflate: deflateSections, stays }: PackOptions = {},
): { module: string; head: Uint8Array; files: Map<string, Uint8Array>; next: EarlierBuild } {
	const begun = performance.now();
	const deflate = (value: unknown) => deflateSync(JSON.stringify(value), { level: 9 });
	const { articles } = content;
	const files = new Map<string, Uint8Array>();
	const sink: FileSink = { files, write, reuse, time, deflate: deflateSections };
	const changes = changesSince(articles, earlier);
	const { columns } = changes;
	const embargoed = content.embargoes.length;

	// The registries as the Worker reads them: per type, the entities some article names (no other
	// is ever shown), those with feeds first, each in registry order; `k` counts across types.
	const tables = perType((type) => {
		const named = content.entities[type].filter((e) => e.articles.length > 0);
		return [...named.filter((e) => kindHasFeed(type, e.kind)), ...named.filter((e) => !kindHasFeed(type, e.kind))];
	});
	const entities = ENTITY_TYPE_NAMES.flatMap((type) => tables[type]);
	// The earlier build's files of the articles by position (the index, the bodies, the slugs) hold
	// where no changed article is; its tables and the files made of them, where the site, the code,
	// the embargoes and the registries' entries are as they were then, and its files can be named again.
	const byPosition = packedBefore(changes, layout, earlier);
	const before =
		byPosition &&
		reuse &&
		byPosition.rev === content.rev &&
		byPosition.embargoed === embargoed &&
		byPosition.records.length === entities.length &&
		entities.every((e, k) => {
			const was = byPosition.records[k] as PackedEntity;
			// An entity's revision leaves out its aliases, which its entry and keys hold.
			return was.type === e.type && was.slug === e.slug && was.rev === e.rev && sameAliases(was.aliases, e.aliases);
		})
			? byPosition
			: undefined;
	const byRef = new Map(entities.map((e) => [`${e.type}:${e.slug}`, e]));
	const kOf = new Map(entities.map((e, k) => [`${e.type}:${e.slug}`, k]));
	// An article's entities as its items show them (name, kind, year, email), so that a feed reads no registry.
	const tagged = (e: Entity): TaggedEntity => ({
		type: e.type,
		slug: e.slug,
		name: e.name,
		kind: e.kind,
		...(e.year === undefined ? {} : { year: e.year }),
		...(e.email === undefined ? {} : { email: e.email }),
	});
	const taggedJson = new Map<Entity, string>();
	const taggedOf = (ref: CompiledArticle["entities"][number]): string => {
		const e = byRef.get(`${ref.type}:${ref.slug}`) as Entity;
		let json = taggedJson.get(e);
		if (json === undefined) {
			json = JSON.stringify(tagged(e));
			taggedJson.set(e, json);
		}
		return json;
	};
	// An article's body, with its entities as its items show them: the JSON of
	// { ...body, entities: TaggedEntity[] } (see ArticleBody), made from the body's own JSON.
	const bodyJson = (a: CompiledArticle): string =>
		`${bodyJsonOf(a).slice(0, -1)},"entities":[${a.entities.map(taggedOf).join(",")}]}`;
	const bodies = bodyInput(articles, layout, bodyJson, changes, earlier);

	// The index, in blocks of columns rather than objects: a third smaller, and quicker to parse.
	// Made for the files made again only: what a file of it holds is known by its articles'
	// revisions (its key, below), which cover their slugs, titles and dates.
	// Cut from the oldest, as the bodies are (see cutFromOldest): a new article changes the newest file alone.
	const blocks = indexCut(articles.length, layout);
	const blockOf = (k: number): PackedArticles => {
		const slice = articles.slice(...blocks.range(k));
		return {
			slug: slice.map((a) => a.slug),
			title: slice.map((a) => a.title),
			date: slice.map((a) => a.date),
			rev: slice.map((a) => a.rev),
			updated: Object.fromEntries(slice.flatMap((a, i) => (a.updated === a.date ? [] : [[i, a.updated]]))),
		};
	};
	const indexIds = idsKept("index", blocks, layout.blockSize * layout.blocksPerFile, changes, layout, earlier);

	// The slug index, in buckets by hash: [slugs, places from the oldest (see fromOldest)] each. Made only if a file of it is
	// made again: the same slugs in the same order make the same buckets (its whole, below).
	const bucketCount = Math.max(1, Math.ceil(articles.length / layout.bucketSize));
	const bucketsOf = once(() => {
		const made = Array.from({ length: bucketCount }, (): [string[], number[]] => [[], []]);
		columns.slugs.forEach((slug, position) => {
			const bucket = made[slugBucket(slug, bucketCount)] as [string[], number[]];
			bucket[0].push(slug);
			bucket[1].push(fromOldest(columns.slugs.length, position));
		});
		return made;
	});

	// Each entity's article list, in table order: consecutive lists share a section up to
	// listChars characters, so a feed inflates its own entity's lists and a few neighbours', not all.
	const listGroups: number[] = [];
	const listSections: number[][][] = [];
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
		listSections.push(group);
	}
	listGroups.push(entities.length);

	// After moves, the earlier build's key index holds if every entity some article names is the
	// one it was, in the same place, known by the same keys (see keysOf) and of the same kind.
	const keysBefore =
		!before && changes.moves && earlier?.pack.layout === layout && sameKeys(entities, earlier.pack.table)
			? earlier.pack
			: undefined;

	// Every distinct `updated`, oldest first: what a `since` query is rounded down to (see
	// src/feeds/query.ts), so values that select the same articles are one cache key. After moves,
	// the earlier build's with the few that came or went (see updatesAfter).
	const updateList = once(
		() =>
			(changes.moves && earlier?.pack.updates && updatesAfter(changes.moves, columns, earlier)) ||
			distinctUpdatesOf(columns.dates, columns.updated),
	);
	const updateSections = once(() => {
		const updates = updateList();
		const sections: string[][] = [];
		for (let i = 0; i < updates.length; i += layout.updatesPerSection)
			sections.push(updates.slice(i, i + layout.updatesPerSection));
		return sections;
	});

	// The registry entries, without their lists: what an edition needs to show one. Those of the
	// earlier build hold but for when each feed changed, which the history says anew each build.
	// After moves, with the same entities (keysBefore), each entry that reads as it did is the earlier one.
	const records = before
		? entities.map((e, k) => {
				const was = before.records[k] as PackedEntity;
				return was.changed === e.changed ? was : { ...was, changed: e.changed };
			})
		: recordsOf(entities, columns, embargoed, articles, layout.recent).map((record, k) => {
				const was = keysBefore?.records[k];
				return was && sameRecord(record, was) ? was : record;
			});
	const registryIds: string[] = [];
	const recentIds: string[] = [];
	const recordsBefore = before ?? keysBefore;
	if (recordsBefore) {
		const perFile = layout.entitiesPerSection * layout.entitySectionsPerFile;
		const kept = (was: string[], ids: string[], same: (a: PackedEntity, b: PackedEntity) => boolean) =>
			was.forEach((id, f) => {
				for (let k = f * perFile; k < Math.min(records.length, (f + 1) * perFile); k++)
					if (!same(records[k] as PackedEntity, recordsBefore.records[k] as PackedEntity)) return;
				ids[f] = id;
			});
		kept(recordsBefore.ids.registry, registryIds, (a, b) => a === b);
		// An entry taken from the earlier build keeps its `recent`, though its `changed` moved.
		kept(recordsBefore.ids.recent, recentIds, (a, b) => a?.recent === b?.recent);
	}

	// The most written about of a type, with feeds, by their number of articles (then registry order).
	const popularOf = (type: EntityType) => {
		const start = ENTITY_TYPE_NAMES.slice(0, ENTITY_TYPE_NAMES.indexOf(type)).reduce(
			(sum, t) => sum + tables[t].length,
			0,
		);
		return tables[type]
			.filter((e) => kindHasFeed(type, e.kind))
			.map((e, i) => ({ k: start + i, count: e.articles.length }))
			.sort((a, b) => b.count - a.count || a.k - b.k)
			.slice(0, POPULAR)
			.map(({ k }) => k);
	};

	// The key index, type by type: every key of every entity (keysOf), sorted by key then slug.
	const keyIndex = once(() => {
		const keySections: [string[], string[], number[]][] = [];
		const registry = {} as PackedContent["registry"];
		let start = 0;
		for (const type of ENTITY_TYPE_NAMES) {
			const table = tables[type];
			const entries = table
				.flatMap((e, i) => keysOf(e).map((key): [string, string, number] => [key, e.slug, start + i]))
				.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
			const first: [string, string][] = [];
			const from = keySections.length;
			for (let i = 0; i < entries.length; i += layout.keysPerSection) {
				const part = entries.slice(i, i + layout.keysPerSection);
				first.push([part[0]?.[0] as string, part[0]?.[1] as string]);
				keySections.push([part.map((e) => e[0]), part.map((e) => e[1]), part.map((e) => e[2])]);
			}
			const withFeeds = table.filter((e) => kindHasFeed(type, e.kind)).length;
			registry[type] = { start, count: table.length, withFeeds, keys: [from, first], popular: popularOf(type) };
			start += table.length;
		}
		return { keySections, registry };
	});

	// The head's tables made of the positions, the lists and the registries.
	const shape = (): PackMemo["shape"] => {
		// ISO 8601 UTC dates sort as strings. The embargoed articles are not counted: the newest
		// update a reader can see at once.
		let newest: string | undefined;
		for (let i = embargoed; i < articles.length; i++)
			if (newest === undefined || (columns.updated[i] as string) > newest) newest = columns.updated[i] as string;
		const indexFirst: [string, string][] = [];
		for (let f = 0; f * layout.blocksPerFile < blocks.sections; f++) {
			const [i] = blocks.range(f * layout.blocksPerFile);
			indexFirst.push([columns.dates[i] as string, columns.slugs[i] as string]);
		}
		return {
			registry: keysBefore
				? perType((type) => ({ ...keysBefore.shape.registry[type], popular: popularOf(type) }))
				: keyIndex().registry,
			embargoOnly: records.flatMap((e, k): [number, number][] => {
				const oldest = fromOldest(articles.length, e.oldest);
				return oldest < embargoed ? [[k, oldest]] : [];
			}),
			embargoNames: columns.entities
				.slice(0, embargoed)
				.map((refs) => refs.map((ref) => kOf.get(`${ref.type}:${ref.slug}`) as number)),
			updated: newest ?? "1970-01-01T00:00:00.000Z",
			indexFirst,
			slugBuckets: bucketCount,
			listGroups,
			updatesFirst: updateSections().map((s) => s[0] as string),
		};
	};
	const tablesOf = before ? before.shape : shape();
	// How many sections of updates and of keys: the head's tables say, one first entry each.
	const sectionCount = {
		updates: tablesOf.updatesFirst.length,
		keys: ENTITY_TYPE_NAMES.reduce((sum, type) => sum + tablesOf.registry[type].keys[1].length, 0),
	};
	time?.("pack: tables", performance.now() - begun);

	const { articles: _, entities: __, history: ___, ...rest } = content;
	// Named again only where a build keeps its files (see FileReuse): else every file is made, and handed on.
	const slugNamed = reuse && slugsKept(changes, layout, earlier, bucketCount);
	// Each place's bucket, the earlier build's where its places hold the same slugs (see Moves):
	// moved for moves, the same after an edit in place, and found for every place by a build that
	// stays up and has none yet (the build server's warm-up, behind its first answer), so that its
	// first new article does not find them all (0.75 s at a million).
	const wasPlaces = earlier?.pack.slugPlaces?.buckets === bucketCount ? earlier.pack.slugPlaces : undefined;
	const slugPlaces =
		slugNamed && changes.moves
			? {
					buckets: bucketCount,
					of: bucketsByPlace(columns.slugs, bucketCount, wasPlaces?.of, changes.moves.same),
				}
			: slugNamed && changes.changed && wasPlaces
				? wasPlaces
				: stays
					? { buckets: bucketCount, of: bucketsByPlace(columns.slugs, bucketCount, undefined, 0) }
					: undefined;
	// A few buckets to make (a new article's): each found among the places, not every bucket made.
	const made = slugNamed?.filter((name) => name === undefined).length ?? Number.POSITIVE_INFINITY;
	const bucketAt = (b: number): [string[], number[]] => {
		if (!slugPlaces || made * layout.bucketsPerFile > FEW_BUCKETS) return bucketsOf()[b] as [string[], number[]];
		const bucket: [string[], number[]] = [[], []];
		const n = columns.slugs.length;
		for (let position = 0; position < n; position++)
			if (slugPlaces.of[fromOldest(n, position)] === b) {
				bucket[0].push(columns.slugs[position] as string);
				bucket[1].push(fromOldest(n, position));
			}
		return bucket;
	};
	const slugInput: FileInput = {
		kind: "slugs",
		count: bucketCount,
		section: (i) => JSON.stringify(bucketAt(i)),
		perFile: layout.bucketsPerFile,
		level: 9,
		// Known by what they all are made of, unless the earlier build's names say which hold.
		whole: slugNamed ? undefined : () => columns.slugs.join("\n"),
		wholeIds: byPosition?.ids.slugs.length ? byPosition.ids.slugs : undefined,
		named: slugNamed,
	};
	const ids = {
		lists: before
			? [...before.ids.lists]
			: keysBefore
				? listsKept(entities, listGroups, articles.length, earlier as EarlierBuild, layout.listSectionsPerFile)
				: [],
		updates: before
			? [...before.ids.updates]
			: changes.moves && earlier?.pack.updates
				? updatesKept(updateList(), earlier.pack, layout)
				: [],
		keys: before ? [...before.ids.keys] : keysBefore ? [...keysBefore.ids.keys] : [],
	};
	const bodyFiles = filesOf(bodies, sink);
	const packed: PackedContent = {
		...rest,
		registry: tablesOf.registry,
		embargoOnly: tablesOf.embargoOnly,
		embargoNames: tablesOf.embargoNames,
		articleCount: articles.length,
		updated: tablesOf.updated,
		layout,
		files: {
			index: filesOf(
				{
					kind: "index",
					count: blocks.sections,
					section: (k) => JSON.stringify(blockOf(k)),
					perFile: layout.blocksPerFile,
					level: 9,
					// Each article's revision covers its slug, title and dates (see compile.ts), which are all a block holds.
					key: (f) => revisionsOf(columns.revs, rangesOf(blocks, layout.blocksPerFile, f)),
					ids: indexIds,
				},
				sink,
			),
			bodies: bodyFiles,
			slugs: filesOf(slugInput, sink),
			lists: filesOfAll(
				"lists",
				listSections.length,
				// Each list's places from the oldest (see fromOldest): made for the files whose id is not
				// known already (none after an edit in place; every one after a new article, to hash).
				(i) => listSections[i]?.map((list) => list.map((position) => fromOldest(articles.length, position))),
				layout.listSectionsPerFile,
				sink,
				ids.lists,
			),
			updates: filesOfAll(
				"updates",
				sectionCount.updates,
				(i) => updateSections()[i],
				layout.updateSectionsPerFile,
				sink,
				ids.updates,
			),
			registry: filesOfAll(
				"registry",
				Math.ceil(records.length / layout.entitiesPerSection),
				(i) =>
					records
						.slice(i * layout.entitiesPerSection, (i + 1) * layout.entitiesPerSection)
						.map(({ recent: _, ...entry }) => entry),
				layout.entitySectionsPerFile,
				sink,
				registryIds,
			),
			recent: filesOfAll(
				"recent",
				Math.ceil(records.length / layout.entitiesPerSection),
				(i) => records.slice(i * layout.entitiesPerSection, (i + 1) * layout.entitiesPerSection).map((e) => e.recent),
				layout.entitySectionsPerFile,
				sink,
				recentIds,
			),
			keys: filesOfAll(
				"keys",
				sectionCount.keys,
				(i) => keyIndex().keySections[i],
				layout.keySectionsPerFile,
				sink,
				ids.keys,
			),
		},
		indexFirst: tablesOf.indexFirst,
		slugBuckets: tablesOf.slugBuckets,
		listGroups: tablesOf.listGroups,
		updatesFirst: tablesOf.updatesFirst,
	};
	const head = deflate(packed);
	const module = `// Generated by scripts/build-content.ts from content/. Do not edit.\n// head: the compressed head of the content (site, registries, and the names of the content's files, published as static assets).\nimport head from "./compiled-head.bin";\nexport { head };\nexport const problems = ${JSON.stringify(problems)};\n`;
	const next: EarlierBuild = {
		columns,
		lists: new Map(
			ENTITY_TYPE_NAMES.flatMap((type) => content.entities[type]).map((e) => [`${e.type}:${e.slug}`, e.articles]),
		),
		pack: {
			layout,
			rev: content.rev,
			embargoed,
			ids: {
				index: indexIds,
				bodies: bodies.ids as string[],
				slugs: slugInput.wholeIds ?? [],
				lists: ids.lists,
				updates: ids.updates,
				registry: registryIds,
				recent: recentIds,
				keys: ids.keys,
			},
			slugNames: packed.files.slugs,
			slugPlaces,
			updates: before && earlier?.pack.updates ? earlier.pack.updates : updateList(),
			records,
			table: entities,
			shape: tablesOf,
		},
	};
	return { module, head: new Uint8Array(head), files, next };
}

/**
 * The registry entries as packed, without their lists (`columns` the articles', in position
 * order): its count, oldest article, the latest update and newest date a reader can see, and its
 * `recent` newest articles.
 */
function recordsOf(
	entities: readonly Entity[],
	columns: ArticleColumns,
	embargoed: number,
	articles: readonly CompiledArticle[],
	recent: number,
): PackedEntity[] {
	const updatedAt = columns.updated;
	const revised = new Uint8Array(articles.length);
	for (let i = 0; i < articles.length; i++) if (updatedAt[i] !== columns.dates[i]) revised[i] = 1;
	return entities.map(({ articles: list, ...entity }): PackedEntity => {
		// Its latest update: a list is in position order, newest date first, so of its articles never
		// updated the first is the latest; the others (few) are each compared.
		let latest = "";
		let plain = false;
		for (const i of list) {
			if (i < embargoed || (plain && !revised[i])) continue;
			if (!revised[i]) plain = true;
			if ((updatedAt[i] as string) > latest) latest = updatedAt[i] as string;
		}
		// Its newest article but the embargoed ones: the list is newest first.
		const first = list.find((i) => i >= embargoed);
		const newest = first === undefined ? "" : (columns.dates[first] as string);
		return {
			...entity,
			count: list.length,
			oldest: fromOldest(articles.length, list.at(-1) as number),
			latest,
			newest,
			recent: list.slice(0, recent).map((position) => fromOldest(articles.length, position)),
		};
	});
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

/**
 * A build's content as written to disk: the head beside its module, the files under its static
 * assets' CONTENT_PATH (those of the kinds named in `kinds`, or all).
 */
export function openBuilt(
	moduleDir: string,
	publicDir: string,
	kinds?: readonly (keyof PackedContent["files"])[],
): Records {
	const head = readFileSync(join(moduleDir, "compiled-head.bin"));
	const { head: packed } = openPacked(head, new Map());
	const names = (kinds ?? (Object.keys(packed.files) as (keyof PackedContent["files"])[])).flatMap(
		(kind) => packed.files[kind],
	);
	return openPacked(head, new Map(names.map((name) => [name, readFileSync(join(publicDir, CONTENT_PATH, name))])));
}
