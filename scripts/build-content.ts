/**
 * The content compiler's command line. Reads a content folder, compiles it, writes the module
 * the Worker imports, and prints a short report; on invalid content prints every problem as
 * `file:line: field: message` and exits 1, so `wrangler dev`, `wrangler deploy` and the tests stop.
 *
 *   node scripts/build-content.ts [--content DIR] [--out FILE] [--quiet]
 *
 * The folder defaults to $REELFEED_CONTENT or ./content; the output to src/content/compiled.js.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { deflateRawSync } from "node:zlib";
import type {
	ArticleBody,
	CompiledArticle,
	CompiledContent,
	PackedArticles,
	PackedContent,
} from "../src/content/types.ts";
import { type ContentSources, compileContent, type SourceFile } from "./compiler/compile.ts";
import { ContentError, type ContentProblem, formatProblem } from "./compiler/errors.ts";
import { formatHistory, HISTORY_FILE, parseHistory } from "./compiler/history.ts";

const ROOT = resolve(import.meta.dirname, "..");

export function readContentFolder(dir: string): ContentSources {
	const read = (path: string): SourceFile => ({
		path: relative(process.cwd(), path) || path,
		text: readFileSync(path, "utf8"),
	});
	const articlesDir = join(dir, "articles");
	const articles = readdirSync(articlesDir)
		.filter((name) => name.endsWith(".md"))
		.sort()
		.map((name) => read(join(articlesDir, name)));
	return {
		site: read(join(dir, "site.yaml")),
		people: read(join(dir, "people.yaml")),
		films: read(join(dir, "films.yaml")),
		articles,
	};
}

/**
 * The revision of the code that turns content into responses: every source file under src/ (but
 * the compiled module itself) and the runtime dependencies' exact versions.
 */
export function codeRevision(root: string): string {
	const hash = createHash("sha256");
	const files = readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile() && !f.name.startsWith("compiled"))
		.map((f) => join(f.parentPath, f.name))
		.sort();
	for (const file of files) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
	hash.update(JSON.stringify(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies));
	return hash.digest("base64url").slice(0, 16);
}

/** Articles per compressed chunk of bodies: small enough to inflate in well under a millisecond. */
export const CHUNK_SIZE = 16;
/** Articles per block of the index: a block is parsed when a listing first reaches into it. */
export const BLOCK_SIZE = 256;

/**
 * The compiled module and its records (see PackedContent). Everything goes to a Data module
 * (bytes, never parsed as code), compressed with raw DEFLATE, because workerd's startup grows
 * with module bytes (about 9 ms a MiB, measured). Only the head (site, registries, where the
 * rest is) is parsed at startup; an entity's article list, a block of the article index, and a
 * chunk of bodies when a response first needs them, so startup does not grow with the archive.
 */
export function toModule(
	content: CompiledContent,
	problems: ContentProblem[] = [],
): { module: string; records: Uint8Array } {
	const deflate = (value: unknown) => deflateRawSync(JSON.stringify(value), { level: 9 });
	const slices = (size: number): CompiledArticle[][] =>
		Array.from({ length: Math.ceil(content.articles.length / size) }, (_, k) =>
			content.articles.slice(k * size, (k + 1) * size),
		);
	// Columns rather than objects: a third smaller, and quicker to parse.
	const blocks = slices(BLOCK_SIZE).map((slice) =>
		deflate({
			slug: slice.map((a) => a.slug),
			date: slice.map((a) => a.date),
			rev: slice.map((a) => a.rev),
			updated: Object.fromEntries(slice.flatMap((a, i) => (a.updated === a.date ? [] : [[i, a.updated]]))),
		} satisfies PackedArticles),
	);
	const chunks = slices(CHUNK_SIZE).map((slice) =>
		deflate(slice.map(({ slug: _, date: __, updated: ___, rev: ____, ...body }): ArticleBody => body)),
	);
	// Each entity's article list, parsed apart: a feed needs its own entity's list, not the others'.
	const entities = [...content.people, ...content.films];
	const listTexts = entities.map((e) => JSON.stringify(e.articles));
	const lists = deflateRawSync(listTexts.join(""), { level: 9 });
	// Where each section starts (and the last ends), counted from the end of the head, so that the
	// head does not depend on its own length.
	const offsets = (sections: { byteLength: number }[], from: number): number[] => {
		const at = [from];
		for (const section of sections) at.push((at.at(-1) as number) + section.byteLength);
		return at;
	};
	// Every distinct `updated`, oldest first: what a `since` query is rounded down to (see
	// src/feeds/query.ts), so values that select the same articles are one cache key.
	const updates = deflate([...new Set(content.articles.map((a) => a.updated))].sort());
	const blockOffsets = offsets(blocks, lists.byteLength + updates.byteLength);
	const { articles, people, films, history: _, ...rest } = content;
	// ISO 8601 UTC dates sort as strings.
	const newest = articles
		.map((a) => a.updated)
		.sort()
		.at(-1);
	const packed: PackedContent = {
		...rest,
		people: people.map(({ articles: _, ...entity }) => entity),
		films: films.map(({ articles: _, ...entity }) => entity),
		listBytes: [0, lists.byteLength],
		updatesBytes: [lists.byteLength, lists.byteLength + updates.byteLength],
		lists: offsets(
			listTexts.map((t) => ({ byteLength: t.length })),
			0,
		),
		articleCount: articles.length,
		updated: newest ?? "1970-01-01T00:00:00.000Z",
		blockSize: BLOCK_SIZE,
		blocks: blockOffsets,
		chunkSize: CHUNK_SIZE,
		chunks: offsets(chunks, blockOffsets.at(-1) as number),
	};
	const head = deflate(packed);
	const module = `// Generated by scripts/build-content.ts from content/. Do not edit.\n// records: the compressed head (its first headBytes bytes), then the article lists, the index blocks and the bodies' chunks.\nimport records from "./compiled-records.bin";\nexport { records };\nexport const headBytes = ${head.byteLength};\nexport const problems = ${JSON.stringify(problems)};\n`;
	return { module, records: new Uint8Array(Buffer.concat([head, lists, updates, ...blocks, ...chunks])) };
}

export function report(content: CompiledContent): string {
	const name = new Map([...content.people, ...content.films].map((e) => [`${e.type}:${e.slug}`, e.name]));
	const films = content.films.filter((f) => f.kind === "film").length;
	const lines = [
		`reelfeed content: ${content.articles.length} articles, ${content.people.length} people, ${films} films (+${content.films.length - films} other works)`,
	];
	for (const a of content.articles) {
		const tags = a.entities.map((r) => name.get(`${r.type}:${r.slug}`) ?? r.slug);
		lines.push(`  ${a.date.slice(0, 10)} ${a.slug}: ${tags.length ? tags.join(", ") : "(no people or films tagged)"}`);
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
		},
		articles: [],
		people: [],
		films: [],
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
function historyFor(dir: string): string {
	const own = join(dir, HISTORY_FILE);
	if (process.env.WRANGLER_COMMAND === "deploy" && !process.env.REELFEED_DRY_RUN) return own;
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

function main(): number {
	const { values } = parseArgs({
		options: {
			content: { type: "string" },
			out: { type: "string" },
			history: { type: "string" },
			now: { type: "string" },
			quiet: { type: "boolean", default: false },
		},
	});
	const dir = resolve(values.content ?? process.env.REELFEED_CONTENT ?? join(ROOT, "content"));
	const out = resolve(values.out ?? join(ROOT, "src/content/compiled.js"));
	const historyPath = resolve(values.history ?? historyFor(dir));
	const now = clock(values.now ?? process.env.REELFEED_NOW);
	// Under `wrangler dev`, broken content is served as its list of problems (every request answers
	// with them) rather than failing the build, which would leave requests waiting; `wrangler deploy`
	// and `npm run build` stop, so broken content is never published.
	const dev = process.env.WRANGLER_COMMAND === "dev";
	let content: CompiledContent;
	let problems: ContentProblem[] = [];
	try {
		const sources = readContentFolder(dir);
		sources.history = parseHistory(existsSync(historyPath) ? readFileSync(historyPath, "utf8") : undefined);
		content = compileContent(sources, { codeRev: codeRevision(ROOT), now });
	} catch (error) {
		if (error instanceof ContentError) problems = error.problems;
		else if (error instanceof Error && "code" in error && error.code === "ENOENT" && "path" in error)
			problems = [{ file: relative(process.cwd(), String(error.path)), line: 1, field: "", message: "is missing" }];
		else throw error;
		if (!dev) {
			printProblems(`reelfeed: invalid content in ${dir}`, problems, "nothing was written");
			return 1;
		}
		content = brokenContent(problems);
	}
	mkdirSync(dirname(out), { recursive: true });
	const { module, records } = toModule(content, problems);
	// Unchanged output is not rewritten, so `wrangler dev` (which watches src/) does not rebuild in
	// a loop; changed output is written then renamed, so a reload never imports half a module.
	const wrote = [
		writeIfChanged(join(dirname(out), "compiled-records.bin"), records),
		writeIfChanged(out, new TextEncoder().encode(module)),
	].some(Boolean);
	// wrangler dev builds again when the output changes (it watches src/); that build finds nothing
	// new and says nothing, so the terminal shows each result once.
	const quiet = values.quiet || (dev && !wrote);
	if (problems.length > 0) {
		if (!quiet)
			printProblems(
				`reelfeed: the content in ${relative(process.cwd(), dir) || "."}`,
				problems,
				"every request shows them until they are fixed",
			);
		return 0;
	}
	mkdirSync(dirname(historyPath), { recursive: true });
	writeIfChanged(historyPath, new TextEncoder().encode(formatHistory(content.history)));
	if (!quiet) console.log(`${report(content)}\n  → ${relative(process.cwd(), out)}`);
	return 0;
}

function printProblems(where: string, problems: ContentProblem[], consequence: string): void {
	// One write, so that wrangler dev, which prefixes what a build prints line by line, shows it whole.
	const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
	console.error(
		[`${where} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; ${consequence}:`, ...lines].join(
			"\n",
		),
	);
}

if (import.meta.main) process.exitCode = main();
