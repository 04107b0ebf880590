/**
 * The content compiler's command line. Reads a content folder, compiles it, writes the module
 * the Worker imports, and prints a short report; on invalid content prints every problem as
 * `file:line: field: message` and exits 1, so `wrangler dev`, `wrangler deploy` and the tests stop.
 *
 *   node scripts/build-content.ts [--content DIR] [--out FILE] [--public DIR] [--jobs N] [--cache DIR]
 *                                 [--fresh] [--times] [--quiet]
 *
 * The folder defaults to $REELFEED_CONTENT or ./content; the output to src/content/compiled.js.
 * The published images (with their `_headers` file) go to --public: by default, beside an --out
 * module (its folder's public/), else to .reelfeed/public, wrangler.toml's [assets] directory,
 * which Workers Static Assets serve.
 *
 * A build keeps what it compiled for the next (see compiler/cache.ts): beside an --out module, in
 * its folder's build-cache/, else under .reelfeed/cache/; --cache DIR chooses. An edit then
 * compiles the articles that changed and makes the content files they are in. --fresh compiles
 * everything, reading no cache; --times prints how long each stage took, and how many articles
 * were compiled.
 *
 * Under `npm start` (WRANGLER_COMMAND=dev, REELFEED_BUILD_SERVER naming a socket), the command hands
 * its build to the build server that stays up between saves (build-server.ts), and builds itself
 * only when it cannot.
 */
import { createHash, type Hash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { changesSince, type EarlierBuild, removedOf } from "../src/content/earlier.ts";
import { ENTITY_TYPE_NAMES, ENTITY_TYPES, kindHasFeed, perType, rowOf } from "../src/content/entity-types.ts";
import { CONTENT_PATH } from "../src/content/files.ts";
import { bodiesToRead, toModule } from "../src/content/pack.ts";
import type { CompiledArticle, CompiledContent } from "../src/content/types.ts";
import { buildThrough, type Env } from "./build-client.ts";
import { type ArticleCache, cacheDirOf, type KeptCache, openCache } from "./compiler/cache.ts";
import {
	type Compiled,
	type ContentSources,
	compileContent,
	inFileOrder,
	type SourceFile,
} from "./compiler/compile.ts";
import { sharedDeflate } from "./compiler/deflate.ts";
import { ContentError, type ContentProblem, formatProblem } from "./compiler/errors.ts";
import { type FeedHistory, formatHistory, HISTORY_FILE, parseHistory } from "./compiler/history.ts";
import { catalogImages, publishImages } from "./compiler/images.ts";
import { compileInParallel, lazyFile } from "./compiler/parallel.ts";
import { mergeLists, type PublishList, publishList } from "./compiler/publish-list.ts";
import { createSpill, KeptArticle, type Spill } from "./compiler/spill.ts";
import { createStages, type Stages } from "./compiler/stages.ts";
import { type Listed, listFolder } from "./listing.ts";

const ROOT = resolve(import.meta.dirname, "..");

/** Where the static assets are written (wrangler.toml's [assets] directory), and images cached. */
export const PUBLIC_DIR = join(ROOT, ".reelfeed/public");
const IMAGE_CACHE = join(ROOT, ".reelfeed/image-cache");
/** Where each content folder's build cache is kept (see compiler/cache.ts). */
const BUILD_CACHE = join(ROOT, ".reelfeed/cache");
/** Where a deploy's build writes the feeds it changed, for scripts/publish.ts (see publish-list.ts). */
export const PUBLISH_LIST = join(ROOT, ".reelfeed/publish.json");

/** Whether this build is a real deploy's (`wrangler deploy`, not a dry run): it keeps the content's own history. */
const deploying = (env: Env) => env.WRANGLER_COMMAND === "deploy" && !env.REELFEED_DRY_RUN;

/** The articles' files among a content folder's (see listFolder): articles/*.md. */
const articleFiles = (listed: readonly Listed[]) =>
	listed.filter((f) => f.path.startsWith("articles/") && f.path.endsWith(".md") && !f.path.includes("/", 9));

export function readContentFolder(dir: string, listed?: readonly Listed[]): ContentSources {
	const read = (path: string): SourceFile => ({
		path: relative(process.cwd(), path) || path,
		text: readFileSync(path, "utf8"),
	});
	const articlesDir = join(dir, "articles");
	// An article is read when the compiler reaches it, and not kept: an archive of a million is
	// gigabytes of text, which the build never needs all at once.
	const names = listed
		? articleFiles(listed).map((f) => f.path.slice("articles/".length))
		: readdirSync(articlesDir)
				.filter((name) => name.endsWith(".md"))
				.sort();
	// Named from the working folder, as problems show them (joined, not path.relative each: a million of those take a second).
	const shown = relative(process.cwd(), articlesDir);
	const articles = names.map((name) => lazyFile(shown ? `${shown}${sep}${name}` : name, `${articlesDir}${sep}${name}`));
	// A registry added after the content existed (series.yaml) may be left out: it is empty.
	const registries = ENTITY_TYPE_NAMES.map((type) => {
		const path = join(dir, ENTITY_TYPES[type].registry);
		const missing = rowOf(type).optional && !existsSync(path);
		return [
			ENTITY_TYPES[type].plural,
			missing ? { path: relative(process.cwd(), path) || path, text: "[]\n" } : read(path),
		];
	});
	return { site: read(join(dir, "site.yaml")), articles, ...Object.fromEntries(registries) } as ContentSources;
}

/**
 * The content folder with its images catalogued (and published sizes made, or taken from the
 * cache): what the build compiles.
 */
export async function readContent(
	dir: string,
	listed?: readonly Listed[],
): Promise<ContentSources & { imageFiles: Map<string, string> }> {
	const images = await catalogImages(dir, IMAGE_CACHE);
	return { ...readContentFolder(dir, listed), images: images.catalog, imageFiles: images.files };
}

/**
 * Adds to `hash` every file of the folders `dirs` of `root` (but the compiled output, whose names
 * start with "compiled"), by path and bytes, in path order: what a revision of code is made of.
 */
export function hashCode(hash: Hash, root: string, dirs: readonly string[]): Hash {
	for (const dir of dirs) {
		const files = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
			.filter((f) => f.isFile() && !f.name.startsWith("compiled"))
			.map((f) => join(f.parentPath, f.name))
			.sort();
		for (const file of files) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
	}
	return hash;
}

/**
 * The revision of the code that turns content into responses: every source file under src/ (but
 * the compiled module itself) and the runtime dependencies' exact versions.
 */
export function codeRevision(root: string): string {
	const hash = hashCode(createHash("sha256"), root, ["src"]);
	hash.update(JSON.stringify(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies));
	return hash.digest("base64url").slice(0, 16);
}

/**
 * The code that makes a build's output and serves it: every file of scripts/ and src/ (but the
 * compiled output) and the lockfile. A build stamped with other code is not up to date, and a
 * build server started with other code stops (see build-server.ts).
 */
export function codeHash(root = ROOT): string {
	const hash = hashCode(createHash("sha256"), root, ["scripts", "src"]);
	const lock = join(root, "package-lock.json");
	if (existsSync(lock)) hash.update(readFileSync(lock));
	return hash.digest("hex");
}

/** Archives of up to this many articles are reported whole; larger ones in part (see report). */
export const REPORTED_WHOLE = 200;
/** Of a larger archive, how many of each part the report lists. */
const REPORTED_EACH = 20;

/**
 * What a build that succeeded prints: the counts, then each article (its date, slug and the
 * entities tagged, embargoed ones said so). An archive of more than REPORTED_WHOLE articles is
 * listed in part, so that the report stays a screen at any size (at a million articles, the whole
 * list is 150 MB, which `npm start` printed after every save): its embargoed articles, the
 * articles this build found added, moved or changed since the last (`saved`, positions ascending;
 * what the editor just saved), and its newest, each at most REPORTED_EACH, and how many were left out.
 */
export function report(content: CompiledContent, saved: readonly number[] = []): string {
	const { articles, embargoes } = content;
	const counts = ENTITY_TYPE_NAMES.map((type) => {
		const entities = content.entities[type];
		const fed = entities.filter((e) => kindHasFeed(type, e.kind)).length;
		const others = rowOf(type).others?.heading.toLowerCase() ?? "without feeds";
		return `${fed} ${rowOf(type).plural}${fed < entities.length ? ` (+${entities.length - fed} ${others})` : ""}`;
	});
	const lines = [`reelfeed content: ${articles.length} articles, ${counts.join(", ")}`];
	const whole = articles.length <= REPORTED_WHOLE;
	const listed = new Set<number>();
	const part = (from: readonly number[], heading: string) => {
		const shown: number[] = [];
		for (const i of from) {
			if (!whole && shown.length === REPORTED_EACH) break;
			if (!listed.has(i)) shown.push(i);
		}
		if (shown.length === 0) return;
		if (!whole) lines.push(`  ${heading}:`);
		for (const i of shown) listed.add(i);
		lines.push(...shown.map(line));
	};
	const names = new Map<string, string>();
	const name = (type: string, slug: string) => {
		if (names.size === 0)
			for (const type of ENTITY_TYPE_NAMES)
				for (const e of content.entities[type]) names.set(`${type}:${e.slug}`, e.name);
		return names.get(`${type}:${slug}`) ?? slug;
	};
	function line(i: number) {
		const a = articles[i] as CompiledArticle;
		const tags = a.entities.map((r) => name(r.type, r.slug));
		// Said plainly, so that a mistyped year (2062 for 2026) is seen before it hides a story for decades.
		const embargo = i < embargoes.length ? ` [embargoed: hidden until ${a.date}]` : "";
		return `  ${a.date.slice(0, 10)} ${a.slug}: ${tags.length ? tags.join(", ") : "(no people or films tagged)"}${embargo}`;
	}
	const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
	if (whole) part(range(0, articles.length), "");
	else {
		part(range(0, Math.min(embargoes.length, REPORTED_EACH)), `embargoed (${embargoes.length})`);
		part(saved, `added, moved or changed since the last build (${saved.length})`);
		part(range(embargoes.length, Math.min(articles.length, embargoes.length + REPORTED_EACH)), "the newest");
		lines.push(
			`  … and ${articles.length - listed.size} more not listed (an archive of more than ${REPORTED_WHOLE} articles is listed in part)`,
		);
	}
	return lines.join("\n");
}

/** Writes a file unless it already holds these bytes; says whether it wrote. */
function writeIfChanged(path: string, bytes: Uint8Array): boolean {
	if (existsSync(path) && Buffer.from(readFileSync(path)).equals(bytes)) return false;
	writeFileSync(`${path}.tmp`, bytes);
	renameSync(`${path}.tmp`, path);
	return true;
}

/**
 * Writes a content file unless one of its name and size is there (its name holds the hash of its
 * bytes): written aside, then renamed, so a reader never sees half of one.
 */
function writeAsset(path: string, bytes: Uint8Array): void {
	if (existsSync(path) && statSync(path).size === bytes.byteLength) return;
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(`${path}.tmp`, bytes);
	renameSync(`${path}.tmp`, path);
}

/**
 * What `wrangler dev` serves while the content is broken: no articles, no people, no films, a
 * placeholder site, and the problems, which the Worker then answers every request with (see
 * src/http/broken.ts) until the next build succeeds.
 */
export function brokenContent(problems: ContentProblem[]): CompiledContent {
	// Fixed, so the same problems write the same bytes: wrangler dev watches the output, and a
	// module that changed on every build would rebuild without end.
	const at = new Date(0).toISOString();
	return {
		rev: `broken-${createHash("sha256").update(JSON.stringify(problems)).digest("base64url").slice(0, 10)}`,
		fingerprint: "broken",
		site: {
			title: "reelfeed",
			description: "The content has problems; nothing is published until they are fixed.",
			language: "en",
			idAuthority: "reelfeed.invalid,2026",
			author: { name: "reelfeed" },
			hubs: [],
		},
		articles: [],
		entities: perType(() => []),
		embargoes: [],
		renames: { articles: {}, entities: perType(() => ({})) },
		withdrawn: {},
		changed: { revision: at, site: at, content: at },
		history: {},
	};
}

/**
 * Which history a build reads and writes. A deploy's (`wrangler deploy`, and so `npm run deploy`,
 * but not a dry run) is the content's own, content/feed-history.json: a change is recorded at the
 * deploy that publishes it, and the file is committed after it. Every other build (npm start,
 * npm run build, a dry run) keeps a working copy under .reelfeed/, started from the content's, so
 * that what it records never reaches a deploy: an editor's save a day before the deploy must not
 * date a change a day early, or a reader that polled in between would be told nothing changed.
 */
function historyFor(dir: string, env: Env): string {
	const own = join(dir, HISTORY_FILE);
	if (deploying(env)) return own;
	const id = createHash("sha256").update(dir).digest("hex").slice(0, 12);
	const copy = join(ROOT, ".reelfeed", "history", `${id}.json`);
	if (!existsSync(copy) && existsSync(own)) {
		mkdirSync(dirname(copy), { recursive: true });
		writeFileSync(copy, readFileSync(own));
	}
	return copy;
}

/** The build's clock: --now or REELFEED_NOW (ISO 8601), so tests can set it; else the time. */
function clock(value: string | undefined): number {
	if (value === undefined) return Date.now();
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) throw new Error(`--now / REELFEED_NOW: "${value}" is not an ISO 8601 date-time`);
	return ms;
}

/**
 * What a build's output is made from, cheaply: the content folder's files (path, size, time of
 * change; `listing`, see listingOf), the history, the code's revision and where the output goes. A
 * build whose inputs match the last build's stamp, before any embargo of that build lifts, would
 * write the same bytes: it is skipped, so `wrangler deploy --dry-run` after `npm run build`, or
 * `npm start` again, compiles nothing (at a million articles, minutes).
 */
function inputsOf(listing: string, dir: string, out: string, publicDir: string, historyPath: string): string {
	return createHash("sha256")
		.update(JSON.stringify([dir, out, publicDir, codeHash(), listing]))
		.update(existsSync(historyPath) ? readFileSync(historyPath) : "")
		.digest("hex");
}

/**
 * The hash of the content folder's files as listed (path, size, time of change), but the history
 * file's, whose bytes the stamp holds (see inputsOf): made once a build, before it, and used again
 * for its stamp after it has written the history (at a million files, half a second each time).
 */
function listingOf(listed: readonly Listed[], dir: string, historyPath: string, version?: number): string {
	const history = relative(dir, historyPath).split(sep).join("/");
	// A watched listing unchanged since this process last hashed it: wrangler dev's build after
	// every save under `npm start`, which finds nothing to do (at a million files, 0.3 s each).
	const last = lastListing;
	if (version !== undefined && last?.listed === listed && last.version === version && last.history === history)
		return last.hash;
	const hash = createHash("sha256");
	// A few thousand files to an update: a million calls into the hash took half a second.
	for (let i = 0; i < listed.length; i += 4096)
		hash.update(
			listed
				.slice(i, i + 4096)
				.map(({ path, size, mtimeMs }) => (path === history ? "" : `${path}\0${size}\0${mtimeMs}\n`))
				.join(""),
		);
	const digest = hash.digest("hex");
	if (version !== undefined) lastListing = { listed, version, history, hash: digest };
	return digest;
}

/** The last watched listing hashed (see listingOf): the same array, at the same version, has the same hash. */
let lastListing: { listed: readonly Listed[]; version: number; history: string; hash: string } | undefined;

/**
 * What every article is compiled against, but the clock: its folder, the compiler's and the Worker's code
 * (and the dependencies' exact versions), the site, the registries and the images. A build cache
 * (see compiler/cache.ts) holds for one basis.
 */
function basisOf(dir: string, sources: ContentSources): string {
	const hash = hashCode(createHash("sha256").update(JSON.stringify([dir, codeRevision(ROOT)])), ROOT, [
		"scripts/compiler",
	]);
	if (existsSync(join(ROOT, "package-lock.json"))) hash.update(readFileSync(join(ROOT, "package-lock.json")));
	hash.update(sources.site.text);
	for (const type of ENTITY_TYPE_NAMES) hash.update("\0").update(sources[ENTITY_TYPES[type].plural].text);
	hash.update(JSON.stringify([...(sources.images ?? new Map())]));
	return hash.digest("base64url");
}

/** The stamp a build leaves beside its module: its inputs, its clock, and when its first embargo lifts. */
type Stamp = { inputs: string; builtAt: number; until: number | null };
const stampPath = (out: string) => join(dirname(out), "compiled-stamp.json");

function upToDate(out: string, inputs: string, now: number): boolean {
	const path = stampPath(out);
	if (!existsSync(path) || !existsSync(out) || !existsSync(join(dirname(out), "compiled-head.bin"))) return false;
	try {
		const stamp = JSON.parse(readFileSync(path, "utf8")) as Stamp;
		return stamp.inputs === inputs && now >= stamp.builtAt && (stamp.until === null || now < stamp.until);
	} catch {
		return false;
	}
}

/**
 * The history this process's last build wrote, as text and parsed: a build server's next build
 * reads the same text, and takes it parsed rather than parse it again (at a million articles,
 * 120,000 feeds' records, 0.4 s). Any other text is parsed.
 */
let lastHistory: { path: string; text: string; history: FeedHistory } | undefined;

/** Where a build prints: this process's output, or a build server's client's. */
export type Output = { log(text: string): void; error(text: string): void };

const CONSOLE: Output = { log: (text) => console.log(text), error: (text) => console.error(text) };

/**
 * What a build that stays up (scripts/build-server.ts) keeps between builds: each content folder's
 * listing, watched rather than read again, and each build cache as the last build left it; and
 * the cache's writing, done after the answer.
 */
export type Resident = {
	/**
	 * The folder's files, how they were found (listed, or how many were stat-ed), and a version that
	 * changes when they do (see WatchedListing).
	 */
	listing(dir: string): Promise<{ files: Listed[]; how: string; version: number }>;
	cache(cacheDir: string): KeptCache | undefined;
	keep(cacheDir: string, kept: KeptCache): void;
	later(work: () => void): void;
	/**
	 * Called by a build once it knows it has something to do (past the check that its inputs are
	 * unchanged), before it reads any cache: what the server's last build left to do after its
	 * answer (keeping its cache) is done now, if it has not been yet. Until then, a build that finds
	 * nothing to do is answered without waiting for it: under `npm start`, wrangler dev's build
	 * after every save (the module changed), seconds of the save at a million articles.
	 */
	settle(): void;
	/**
	 * Called by a build that found nothing to do (its inputs unchanged) for a cache the server does
	 * not keep: the server then builds it once more after the answer, with `--warm`, to keep that
	 * cache, so that the editor's first edit starts from memory as every later one does.
	 */
	warm(): void;
};

/** One build, as the command line asks for it (`args`, `env`); prints to `output`; its exit code. */
export async function main(
	args: string[] = process.argv.slice(2),
	env: Env = process.env,
	output: Output = CONSOLE,
	resident?: Resident,
): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			content: { type: "string" },
			out: { type: "string" },
			public: { type: "string" },
			history: { type: "string" },
			now: { type: "string" },
			"publish-list": { type: "string" },
			jobs: { type: "string" },
			cache: { type: "string" },
			fresh: { type: "boolean", default: false },
			// The build server's (see Resident.warm): build though nothing changed, printing nothing.
			warm: { type: "boolean", default: false },
			times: { type: "boolean", default: false },
			quiet: { type: "boolean", default: false },
		},
	});
	const dir = resolve(values.content ?? env.REELFEED_CONTENT ?? join(ROOT, "content"));
	const out = resolve(values.out ?? join(ROOT, "src/content/compiled.js"));
	const historyPath = resolve(values.history ?? historyFor(dir, env));
	const now = clock(values.now ?? env.REELFEED_NOW);
	const stages = createStages();
	// Under `wrangler dev`, broken content is served as its list of problems (every request answers
	// with them) rather than failing the build, which would leave requests waiting; `wrangler deploy`
	// and `npm run build` stop, so broken content is never published.
	const dev = env.WRANGLER_COMMAND === "dev";
	const publicDir = resolve(values.public ?? (values.out ? join(dirname(out), "public") : PUBLIC_DIR));
	// A deploy always builds: its build writes the list of feeds it changed, for the hubs.
	const listPath = values["publish-list"] ?? (deploying(env) ? PUBLISH_LIST : undefined);
	// Listed once: for the stamp, the cache and the articles (the content may be missing: a problem).
	let listed: Listed[] | undefined;
	let version: number | undefined;
	if (existsSync(dir) && resident) {
		const watched = await resident.listing(dir);
		listed = watched.files;
		version = watched.version;
		stages.note(`the content folder watched: ${watched.how}`);
	} else if (existsSync(dir)) listed = await listFolder(dir);
	const listing = listed ? listingOf(listed, dir, historyPath, version) : undefined;
	const inputs = listing ? inputsOf(listing, dir, out, publicDir, historyPath) : "";
	stages.mark("inputs");
	// Beside an --out module, as its public/ folder is; else one per content folder and output.
	const cacheDir = resolve(
		values.cache ?? (values.out ? join(dirname(out), "build-cache") : cacheDirOf(BUILD_CACHE, dir, publicDir)),
	);
	if (values.warm) {
		resident?.settle();
		// Only the build the stamp says is done, and only once: kept already by a build asked for
		// while this one waited, or the content changed since (that is the next build's, which
		// reports it), it stops.
		if (resident?.cache(cacheDir) || !inputs || !upToDate(out, inputs, now)) return 0;
	} else if (!listPath && !values.fresh && inputs && upToDate(out, inputs, now)) {
		if (!values.quiet && !dev)
			output.log(`reelfeed content: unchanged since the last build  → ${relative(process.cwd(), out)}`);
		if (resident && !resident.cache(cacheDir)) resident.warm();
		return 0;
	}
	// Something to build: from the cache the server's last build keeps (see Resident.settle).
	resident?.settle();
	// Until this build is done, no stamp: a build killed half-way must not be taken as up to date.
	// A warm-up's inputs are the stamp's: what it writes, it writes the same (else it stamps anew, below).
	if (!values.warm) rmSync(stampPath(out), { force: true });
	// The articles' text, on disk between compiling and packing (see spill.ts).
	const spill = createSpill();
	try {
		return await build(values, output, resident, {
			dir,
			out,
			historyPath,
			now,
			dev,
			publicDir,
			listPath,
			spill,
			jobs: jobsOf(values.jobs),
			stages,
			listed,
			listing,
			fresh: Boolean(values.fresh),
			cacheDir,
		});
	} finally {
		spill.close();
		if (values.times || env.REELFEED_BUILD_TIMES) output.error(stages.summary());
	}
}

type BuildOptions = {
	dir: string;
	out: string;
	historyPath: string;
	now: number;
	dev: boolean;
	publicDir: string;
	listPath: string | undefined;
	spill: Spill;
	/** Threads compiling articles; by default, one per core from PARALLEL_FROM articles on. */
	jobs: number | undefined;
	stages: Stages;
	/** The content folder's files (listFolder), if it exists, and their hash (listingOf). */
	listed: Listed[] | undefined;
	listing: string | undefined;
	/** Compile everything: no build cache is read (one is still written). */
	fresh: boolean;
	/** Where the build cache is kept (see compiler/cache.ts). */
	cacheDir: string;
};

/**
 * Articles from which the build compiles them in several threads: below, starting the threads
 * (each compiling the registries for itself) costs more than it saves.
 */
const PARALLEL_FROM = 2_000;

function jobsOf(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--jobs: "${value}" is not a number of threads (1 or more)`);
	return n;
}

async function build(
	values: { quiet?: boolean; warm?: boolean },
	output: Output,
	resident: Resident | undefined,
	{
		dir,
		out,
		historyPath,
		now,
		dev,
		publicDir,
		listPath,
		spill,
		jobs,
		stages,
		listed,
		listing,
		fresh,
		cacheDir,
	}: BuildOptions,
): Promise<number> {
	let content: CompiledContent;
	let problems: ContentProblem[] = [];
	let imageFiles = new Map<string, string>();
	let previous: FeedHistory = {};
	let cache: ArticleCache | undefined;
	let cached: { files: Listed[]; compiled: (Compiled | undefined | null)[] } | undefined;
	// The last build of a build that stays up, if the cache is the one it kept (see EarlierBuild).
	let before: EarlierBuild | undefined;
	// The positions of the articles added, moved or changed since that build, for the report.
	let saved: number[] | undefined;
	try {
		const { imageFiles: files, ...sources } = await readContent(dir, listed);
		imageFiles = files;
		const historyText = existsSync(historyPath) ? readFileSync(historyPath, "utf8") : undefined;
		previous =
			lastHistory?.path === historyPath && lastHistory.text === historyText
				? lastHistory.history
				: parseHistory(historyText);
		sources.history = previous;
		stages.mark("read");
		const articles = inFileOrder(sources.articles);
		// Each article as an earlier build compiled it, if its file has not changed since (see cache.ts).
		const listedArticles = articleFiles(listed ?? []);
		cache = openCache(cacheDir, basisOf(dir, sources), now, publicDir, {
			ignore: fresh,
			kept: resident?.cache(cacheDir),
		});
		const given: (Compiled | undefined | null)[] = listedArticles.map((file, i) =>
			fresh ? null : (cache?.get(file, i) ?? null),
		);
		const missing: number[] = [];
		for (let i = 0; i < given.length; i++) if (given[i] === null) missing.push(i);
		stages.note(
			`compiled ${missing.length} of ${given.length} articles${cache.dropped ? ` (the build cache was dropped: ${cache.dropped})` : cache.gone ? ` (${cache.gone} content files the build cache named were gone, and were made again)` : ""}`,
		);
		stages.mark("cache: read");
		const threads = jobs ?? (missing.length >= PARALLEL_FROM ? availableParallelism() : 1);
		const problemsFound: ContentProblem[] = [];
		if (threads > 1 && missing.length > 0) {
			const done = await compileInParallel(
				sources,
				missing.map((i) => articles[i] as SourceFile),
				{ now, jobs: threads, spill },
			);
			missing.forEach((i, k) => {
				given[i] = done.files[k];
			});
			problemsFound.push(...done.problems);
		}
		stages.mark("compile articles");
		cached = { files: listedArticles, compiled: given };
		before = cache.earlierBuild();
		content = compileContent(sources, {
			codeRev: codeRevision(ROOT),
			now,
			spill,
			compiled: { files: given, problems: problemsFound },
			onPrepared: (prepared) => cache?.attach(prepared, articles),
			likelyOrder: cache.likelyOrder(),
			// It gives only files unchanged since that build, in that build's order: sorted already.
			likelyOrderHolds: true,
			// As an earlier build compiled them from the same files (the cache's basis holds them).
			registries: cache.registries(),
			// The fingerprints of the entities nothing changed since that build, not hashed again.
			earlier: cache.earlierPrints(),
			before,
		});
		stages.mark("compile content");
		if (before) {
			const { changed, moves } = changesSince(content.articles, before);
			saved = changed ?? moves?.added;
			const s = (n: number) => (n === 1 ? "" : "s");
			stages.note(
				changed
					? `${changed.length} article${s(changed.length)} changed in place since the last build`
					: moves
						? `${moves.added.length} article${s(moves.added.length)} added or moved and ${removedOf(moves, content.articles.length)} removed since the last build, ${moves.same} of ${content.articles.length} places from the oldest as they were: the lists moved, the files of those places named again`
						: "the articles moved since the last build: every list counted again, every file's inputs compared",
			);
		}
		// Cached articles whose bodies packing reads (those of files of bodies it makes again) are
		// compiled again when read; many at once (the layout changed, or many articles were edited),
		// in threads first, as a build without a cache would.
		const again = bodiesToRead(content.articles, cache.reuse, undefined, before).filter(
			(a) => cache?.fileOf(a) !== undefined,
		);
		const threadsAgain = jobs ?? (again.length >= PARALLEL_FROM ? availableParallelism() : 1);
		if (threadsAgain > 1 && again.length > 0) {
			const numbers = again.map((a) => cache?.fileOf(a) as number);
			const done = await compileInParallel(
				sources,
				numbers.map((i) => articles[i] as SourceFile),
				{ now, jobs: threadsAgain, spill },
			);
			again.forEach((a, k) => {
				const body = done.files[k]?.article;
				if (!(a instanceof KeptArticle) || !(body instanceof KeptArticle) || body.rev !== a.rev)
					throw new Error(
						`build cache: ${articles[numbers[k] as number]?.path} changed during the build, or was edited without its size or time of change moving: build again (with --fresh if this persists)`,
					);
				a.takeBody(body);
			});
			stages.note(`${again.length} cached articles' bodies compiled again in threads`);
		}
		stages.mark("compile bodies again");
	} catch (error) {
		if (error instanceof ContentError) problems = error.problems;
		else if (error instanceof Error && "code" in error && error.code === "ENOENT" && "path" in error)
			problems = [{ file: relative(process.cwd(), String(error.path)), line: 1, field: "", message: "is missing" }];
		else throw error;
		if (!dev) {
			printProblems(output, `reelfeed: invalid content in ${dir}`, problems, "nothing was written");
			return 1;
		}
		content = brokenContent(problems);
	}
	// The content's files (the article index, lists and bodies) beside the images, as static assets,
	// each written as it is made, or named again if an earlier build made it of the same inputs; the
	// module holds the head, which names them.
	const written = new Set<string>();
	// A second thread shares the compressing where there is a second core (a build from nothing's
	// bodies: minutes at a million); an edit's few files are too small to ask it (see deflate.ts).
	const compressing = sharedDeflate(jobs ?? availableParallelism());
	const packed = (() => {
		try {
			return toModule(content, problems, undefined, {
				earlier: before,
				write: (name, bytes) => writeAsset(join(publicDir, CONTENT_PATH, name), bytes),
				reuse: {
					get: (id) => cache?.reuse.get(id),
					keep: (id, name) => {
						written.add(CONTENT_PATH + name);
						cache?.reuse.keep(id, name);
					},
					keepAll: (name) => {
						written.add(CONTENT_PATH + name);
						cache?.reuse.keepAll?.(name);
					},
				},
				time: stages.add,
				deflate: compressing.deflate,
				stays: resident !== undefined,
			});
		} finally {
			void compressing.close();
		}
	})();
	const { module, head, next } = packed;
	stages.mark("pack");
	if (cache?.bodiesCompiled) stages.note(`${cache.bodiesCompiled} cached articles' bodies compiled again`);
	const published = publishImages(imageFiles, publicDir, new Map(), [...written]);
	mkdirSync(dirname(out), { recursive: true });
	// Unchanged output is not rewritten, so `wrangler dev` (which watches src/) does not rebuild in
	// a loop; changed output is written then renamed, so a reload never imports half a module.
	const wrote = [
		writeIfChanged(join(dirname(out), "compiled-head.bin"), head),
		writeIfChanged(out, new TextEncoder().encode(module)),
	].some(Boolean);
	// The files of an earlier build, once the module no longer names them.
	published.prune();
	stages.mark("write");
	// wrangler dev builds again when the output changes (it watches src/); that build finds nothing
	// new and says nothing, so the terminal shows each result once.
	const quiet = values.quiet || values.warm || (dev && !wrote);
	if (problems.length > 0) {
		if (!quiet)
			printProblems(
				output,
				`reelfeed: the content in ${relative(process.cwd(), dir) || "."}`,
				problems,
				"every request shows them until they are fixed",
			);
		return 0;
	}
	mkdirSync(dirname(historyPath), { recursive: true });
	const historyText = formatHistory(content.history);
	writeIfChanged(historyPath, new TextEncoder().encode(historyText));
	lastHistory = { path: historyPath, text: historyText, history: content.history };
	// What this deploy changed, against the previous deploy's history, for scripts/publish.ts to
	// tell the WebSub hubs once the deploy is live.
	if (listPath) {
		mkdirSync(dirname(resolve(listPath)), { recursive: true });
		// A list not yet published (its deploy failed, or so did telling the hubs) is added to, not
		// replaced: this build's history already counts those feeds as deployed, so it would not name them.
		const unsent = existsSync(listPath) ? (JSON.parse(readFileSync(listPath, "utf8")) as PublishList) : undefined;
		const list = mergeLists(unsent, publishList(previous, content, now));
		writeFileSync(resolve(listPath), `${JSON.stringify(list, null, "\t")}\n`);
	}
	const firstLift = content.embargoes.map((d) => Date.parse(d)).sort((x, y) => x - y)[0];
	// What the next build starts from: every article compiled, every file named (see compiler/cache.ts).
	if (cache && cached) {
		const [from, kept, articles, history] = [cache, cached, content.articles, content.history];
		const save = () => from.save(kept.files, kept.compiled as (Compiled | undefined)[], articles, now, history);
		// A build that stays up makes it, keeps it and writes it once its answer is out (see Resident).
		if (resident)
			resident.later(() => {
				const saved = save();
				saved.kept.build = next;
				resident.keep(cacheDir, saved.kept);
				saved.write();
			});
		else save().write();
	}
	stages.mark("cache: write");
	const stamp: Stamp = {
		inputs: inputsOf(listing ?? "", dir, out, publicDir, historyPath),
		builtAt: now,
		until: firstLift ?? null,
	};
	// A warm-up that wrote nothing leaves the stamp as it was, so `wrangler dev` (which watches src/) sees nothing.
	if (!values.warm || wrote) writeFileSync(stampPath(out), `${JSON.stringify(stamp)}\n`);
	stages.mark("history and stamp");
	if (!quiet) output.log(`${report(content, saved)}\n  → ${relative(process.cwd(), out)}`);
	return 0;
}

function printProblems(output: Output, where: string, problems: ContentProblem[], consequence: string): void {
	// One write, so that wrangler dev, which prefixes what a build prints line by line, shows it whole.
	const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
	output.error(
		[`${where} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; ${consequence}:`, ...lines].join(
			"\n",
		),
	);
}

if (import.meta.main) {
	// Under `npm start`, the build server builds it (scripts/build-server.ts), if it can.
	const server = process.env.WRANGLER_COMMAND === "dev" ? process.env.REELFEED_BUILD_SERVER : undefined;
	const served = server ? await buildThrough(server, process.argv.slice(2), process.env) : undefined;
	process.exitCode = served ?? (await main());
}
