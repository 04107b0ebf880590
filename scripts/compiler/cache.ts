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
 * article with problems is not kept. The files it names must all still be in place, else it is
 * dropped (someone emptied the static assets). Written whole after a build that succeeded,
 * aside then renamed, so a build that dies leaves the last good one.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CONTENT_PATH } from "../../src/content/files.ts";
import type { FileReuse } from "../../src/content/pack.ts";
import { bodyJsonOf } from "../../src/content/pack.ts";
import type { CompiledArticle, EntityRef } from "../../src/content/types.ts";
import { type Compiled, compileFile, type Prepared } from "./compile.ts";
import type { ContentProblem } from "./errors.ts";
import type { SourceFile } from "./registries.ts";
import { type BodySource, KeptArticle, sharedOrder, sharedRefs } from "./spill.ts";

/** The format's version: a cache of another is dropped. */
const VERSION = 1;

/** A file of the content folder as listed: its path (as the build names it), size and time of change. */
export type Listed = { path: string; size: number; mtimeMs: number };

/**
 * One article file: path, size, time of change, then what was compiled of it: slug, date, draft,
 * old slugs and their lines, withdrawn; and its article, if published: updated (0 if its date),
 * revision, its entities (numbers into `refs`), its keys' order (a number into `orders`).
 */
type Entry = [
	string,
	number,
	number,
	string,
	string,
	boolean,
	string[],
	number[],
	string | null,
	[string | 0, string, number[], number] | null,
];

type Stored = {
	version: number;
	basis: string;
	builtAt: number;
	refs: string[];
	orders: string[][];
	entries: Entry[];
	/** Content files by what they were made of (see FileReuse): [id, name]. */
	files: [string, string][];
};

export type ArticleCache = {
	/** How many articles it holds (0 when there was none, or it was dropped), and why it was dropped if it was. */
	readonly size: number;
	readonly dropped: string | undefined;
	/** `file` (the `index`-th in file order) as compiled by an earlier build, if it has not changed since. */
	get(file: Listed, index: number): Compiled | undefined;
	/** The content files an earlier build made that are still in place, by what they were made of. */
	readonly reuse: FileReuse;
	/** What cached articles' bodies are compiled against when they are asked for: the registries and the files, in file order. */
	attach(prepared: Prepared, files: readonly SourceFile[]): void;
	/** How many cached articles' bodies were compiled again, one at a time, when asked for. */
	readonly bodiesCompiled: number;
	/** The file (its number in file order) a cached article's body is compiled from when asked for; undefined for others. */
	fileOf(article: CompiledArticle): number | undefined;
	/** Keeps this build's articles (each listed file, as compiled) and the files it named, for the next build. */
	save(files: readonly Listed[], compiled: readonly (Compiled | undefined)[], builtAt: number): void;
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

/**
 * The cache in `dir` for this basis and clock (empty if there is none, or it does not hold), for a
 * build that writes its content files under `publicDir`.
 */
export function openCache(
	dir: string,
	basis: string,
	now: number,
	publicDir: string,
	{ ignore = false }: { ignore?: boolean } = {},
): ArticleCache {
	const path = join(dir, "articles.json");
	let stored: Stored | undefined;
	let dropped: string | undefined = ignore ? "the build was asked to compile everything" : undefined;
	if (!ignore && existsSync(path)) {
		try {
			stored = JSON.parse(readFileSync(path, "utf8")) as Stored;
		} catch {
			dropped = "it could not be read";
		}
		if (stored && stored.version !== VERSION) dropped = "it is of another version";
		else if (stored && stored.basis !== basis) dropped = "the code, the site, a registry or an image changed";
		else if (stored && now < stored.builtAt) dropped = "the clock is before its build's";
		else if (stored && !filesInPlace(stored.files, publicDir)) dropped = "some of its content files are gone";
		if (dropped) stored = undefined;
	}
	const byPath = new Map<string, Entry>();
	for (const entry of stored?.entries ?? []) byPath.set(entry[0], entry);
	const refTable = stored?.refs ?? [];
	const orderTable = (stored?.orders ?? []).map(sharedOrder);
	const refs = new Map<string, EntityRef>();
	const refOf = refTable.map((key) => {
		const colon = key.indexOf(":");
		return sharedRefs([{ type: key.slice(0, colon), slug: key.slice(colon + 1) } as EntityRef], refs)[0] as EntityRef;
	});
	const earlier = new Map(stored?.files ?? []);
	const kept = new Map<string, string>();

	let prepared: Prepared | undefined;
	let sources: readonly SourceFile[] = [];
	// The listed path of each file given out, by its number, and the number of each article given out.
	const listedPath: string[] = [];
	const given = new WeakMap<CompiledArticle, number>();
	let bodiesCompiled = 0;
	// A cached article's body: its file compiled again, which must give the revision it had.
	const bodies: BodySource = {
		get(index) {
			const file = sources[index];
			if (!prepared || !file) throw new Error(`build cache: no file ${index} to compile a body from`);
			const problems: ContentProblem[] = [];
			const article = compileFile(file, prepared, problems)?.article;
			bodiesCompiled++;
			const entry = byPath.get(listedPath[index] as string);
			if (!article || problems.length || article.rev !== entry?.[9]?.[1])
				throw new Error(
					`build cache: ${file.path} changed during the build, or was edited without its size or time of change moving: build again (with --fresh if this persists)`,
				);
			return bodyJsonOf(article);
		},
	};

	return {
		size: byPath.size,
		dropped,
		get bodiesCompiled() {
			return bodiesCompiled;
		},
		get(file, index) {
			const entry = byPath.get(file.path);
			if (!entry || entry[1] !== file.size || entry[2] !== file.mtimeMs) return undefined;
			const [, , , slug, date, draft, oldSlugs, oldSlugLines, withdrawn, published] = entry;
			const compiled: Compiled = {
				slug,
				date,
				draft,
				oldSlugs,
				oldSlugLines,
				withdrawn: withdrawn ?? undefined,
			};
			if (published) {
				const [updated, rev, entities, order] = published;
				const article: CompiledArticle = new KeptArticle(
					{
						slug,
						date,
						updated: updated === 0 ? date : updated,
						rev,
						entities: entities.map((k) => refOf[k] as EntityRef),
					},
					orderTable[order] as readonly string[],
					bodies,
					index,
				);
				compiled.article = article;
				given.set(article, index);
			}
			listedPath[index] = file.path;
			return compiled;
		},
		reuse: {
			get(id) {
				return earlier.get(id);
			},
			keep(id, name) {
				kept.set(id, name);
			},
		},
		attach(p, files) {
			prepared = p;
			sources = files;
		},
		fileOf(article) {
			return article instanceof KeptArticle && article.hasBodyFrom(bodies) ? given.get(article) : undefined;
		},
		save(files, compiled, builtAt) {
			const refIndex = new Map<string, number>();
			const orderIndex = new Map<string, number>();
			const out: Stored = { version: VERSION, basis, builtAt, refs: [], orders: [], entries: [], files: [...kept] };
			files.forEach((file, i) => {
				const c = compiled[i];
				if (!c) return;
				const a = c.article;
				let published: Entry[9] = null;
				if (a) {
					const keys = a instanceof KeptArticle ? a.keys : Object.keys(a);
					const order = keys.join();
					if (!orderIndex.has(order)) orderIndex.set(order, out.orders.push([...keys]) - 1);
					const entities = a.entities.map((r) => {
						const key = `${r.type}:${r.slug}`;
						if (!refIndex.has(key)) refIndex.set(key, out.refs.push(key) - 1);
						return refIndex.get(key) as number;
					});
					published = [a.updated === a.date ? 0 : a.updated, a.rev, entities, orderIndex.get(order) as number];
				}
				out.entries.push([
					file.path,
					file.size,
					file.mtimeMs,
					c.slug,
					c.date,
					c.draft,
					c.oldSlugs,
					c.oldSlugLines,
					c.withdrawn ?? null,
					published,
				]);
			});
			mkdirSync(dir, { recursive: true });
			// Aside under a name of this process's own, then renamed: two builds at once never mix their writes.
			const aside = `${path}.${process.pid}.tmp`;
			writeFileSync(aside, JSON.stringify(out));
			renameSync(aside, path);
		},
	};
}

/** Whether every content file named is in `publicDir`. */
function filesInPlace(files: readonly [string, string][], publicDir: string): boolean {
	const root = join(publicDir, CONTENT_PATH);
	const present = new Set<string>();
	const dirs = new Set(files.map(([, name]) => dirname(name)));
	for (const d of dirs) {
		if (!existsSync(join(root, d))) return false;
		for (const name of readdirSync(join(root, d))) present.add(`${d}/${name}`);
	}
	return files.every(([, name]) => present.has(name));
}
