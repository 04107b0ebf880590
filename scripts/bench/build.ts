/**
 * A corpus built as `wrangler deploy` builds it: the content compiled into src/content/, then
 * bundled. The benchmark and the soak serve these bundles; each puts the real content back after.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { experimental_readRawConfig } from "wrangler";
import { PUBLIC_DIR } from "../build-content.ts";
import { generateCorpus } from "../corpus.ts";
import { BIN, ENV, OUT, ROOT } from "./paths.ts";

export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Corpus folder: the real content for 3, a generated one otherwise. */
export function corpusDir(n: number): string {
	if (n === 3) return join(ROOT, "content");
	const dir = join(ROOT, "bench/corpus", String(n));
	// Generated again when the generator changed: a corpus is named by the generator's own bytes.
	const stamp = createHash("sha256")
		.update(readFileSync(join(ROOT, "scripts/corpus.ts")))
		.digest("hex");
	const stampFile = join(dir, ".generator");
	if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
		generateCorpus(n, 1, dir);
		writeFileSync(stampFile, stamp);
	}
	return dir;
}

export type Built = {
	outdir: string;
	buildMs: number;
	/** The content compiler's peak resident memory (0 where it could not be read). */
	buildPeakMiB: number;
	/**
	 * One article edited, then put back; then a new article added and taken out: each build's time,
	 * peak memory and how many articles it compiled (its build cache holding the rest; see
	 * scripts/compiler/cache.ts).
	 */
	edits: { ms: number; peakMiB: number; compiled: string }[];
	/**
	 * The same edits under `npm start`, built by the build server (scripts/build-server.ts), started
	 * on the content as the last build left it: the build `wrangler dev` runs as it starts (answered
	 * "unchanged" at once), and how long until the server has built it again behind that answer,
	 * from the cache on disk, to keep it in memory (`servedWarmMs`: a second command, answered once
	 * that is done); then the file edited, put back, edited again and put back, and a new article
	 * added and taken out, each time until the command's answer; and the server's peak memory at the end.
	 */
	servedWarmMs: number;
	/** Each served edit: its time, how many articles it compiled, how it listed the folder, what it took from the last build. */
	served: { ms: number; compiled: string; watched: string; since?: string }[];
	servedPeakMiB: number;
	bundleRaw: number;
	bundleGzip: number;
	modules: string[];
	/** The static assets the deploy would upload (the content's files, images): a copy of this corpus's. */
	publicDir: string;
	assetFiles: number;
	assetBytes: number;
	largestAsset: number;
};

/**
 * An editor's commonest save: a new article, published a minute ago (so the newest a reader sees,
 * or next to it), naming whom `like` names: its text with another title and date, and none of its
 * own history (updates, corrections, old slugs, a withdrawal).
 */
function newArticle(like: Buffer): Buffer {
	const date = new Date(Date.now() - 60_000).toISOString();
	const text = like
		.toString("utf8")
		.replace(/^title: .*$/m, 'title: "A new article the editor added"')
		.replace(/^date: .*$/m, `date: ${date}`)
		.replace(/^(updated|corrections|old_slugs|withdrawn):.*(\n[ \t]+.*)*\n/gm, "");
	return Buffer.from(text);
}

/** Where the benchmark adds its new article, in a corpus's articles folder (taken out when it ends). */
const NEW_ARTICLE = "zz-a-new-article-the-editor-added.md";

/** A save: a file written with these bytes, or removed. */
type Save = [path: string, bytes: Buffer | undefined];

/**
 * An editor's saves on `file` (`original`, its bytes): a paragraph added and taken out, `rounds`
 * times; then a new article added beside it and taken out, which moves every article older than
 * it by one place. They end as they began.
 */
function editorSaves(file: string, original: Buffer, rounds: number): Save[] {
	const edited = Buffer.concat([original, Buffer.from("\nA paragraph the editor added.\n")]);
	const added = join(dirname(file), NEW_ARTICLE);
	const edits = Array.from({ length: rounds }, (): Save[] => [
		[file, edited],
		[file, original],
	]).flat();
	return [...edits, [added, newArticle(original)], [added, undefined]];
}

const save = ([path, bytes]: Save) => (bytes ? writeFileSync(path, bytes) : rmSync(path));

/**
 * `file` put back as it was and the new article taken out, however the saves ended: after them,
 * and on Ctrl-C or SIGTERM during them (a `finally` does not run then), since the real content
 * (the 3-article corpus) is the editor's, which a deploy publishes.
 */
function putBack(file: string, original: Buffer): void {
	writeFileSync(file, original);
	rmSync(join(dirname(file), NEW_ARTICLE), { force: true });
}

/** Runs `saves` on `file`, putting it back however they end (see putBack). */
async function withSaves<T>(file: string, original: Buffer, saves: () => Promise<T>): Promise<T> {
	const stop = (signal: NodeJS.Signals) => {
		putBack(file, original);
		process.kill(process.pid, signal);
	};
	const signals = ["SIGINT", "SIGTERM"] as const;
	for (const signal of signals) process.once(signal, stop);
	try {
		return await saves();
	} finally {
		for (const signal of signals) process.off(signal, stop);
		putBack(file, original);
	}
}

/** wrangler.toml as a JSON config for another folder: paths made absolute, and no [build]. */
function bundleConfig(): Record<string, unknown> {
	const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") });
	const { build: _, ...config } = rawConfig;
	return {
		...config,
		main: resolve(ROOT, config.main as string),
		alias: Object.fromEntries(Object.entries(config.alias ?? {}).map(([k, v]) => [k, resolve(ROOT, String(v))])),
		assets: { ...config.assets, directory: PUBLIC_DIR },
	};
}

/**
 * An editor's edits under `npm start`: the build server started, and the build `wrangler dev` runs
 * as it starts; then `file` edited and put back twice, and a new article added and taken out (see
 * editorSaves), each followed by the build command `wrangler dev` runs, which the server answers.
 */
async function servedEdits(
	env: Record<string, string | undefined>,
	file: string,
	original: Buffer,
): Promise<Pick<Built, "served" | "servedPeakMiB" | "servedWarmMs">> {
	const socket = join(OUT, `build-server-${process.pid}.sock`);
	const server = spawn(process.execPath, ["scripts/build-server.ts", socket], {
		cwd: ROOT,
		stdio: ["ignore", "pipe", "inherit"],
	});
	const served: Built["served"] = [];
	let servedPeakMiB = 0;
	let servedWarmMs = 0;
	try {
		await withSaves(file, original, async () => {
			await new Promise<void>((ready, fail) => {
				server.stdout?.on("data", (chunk: Buffer) => chunk.includes("ready on") && ready());
				server.once("exit", (code) => fail(new Error(`the build server stopped (${code})`)));
			});
			const command = ["scripts/build-content.ts", "--quiet", "--times"];
			const serverEnv = { ...env, WRANGLER_COMMAND: "dev", REELFEED_BUILD_SERVER: socket };
			// As `npm start` begins: wrangler dev's first build finds the content as built, and the server
			// builds it again behind that answer; a second command is answered once that is done.
			spawnSync(process.execPath, command, { cwd: ROOT, env: serverEnv });
			const warming = process.hrtime.bigint();
			spawnSync(process.execPath, command, { cwd: ROOT, env: serverEnv });
			servedWarmMs = msSince(warming);
			// Ends as it began: the bundle is made of the content as it is.
			for (const each of editorSaves(file, original, 2)) {
				save(each);
				// As wrangler dev's watcher does, a moment after the save (the server's watcher has heard of it).
				await new Promise((r) => setTimeout(r, 500));
				const at = process.hrtime.bigint();
				const result = spawnSync(process.execPath, command, { cwd: ROOT, env: serverEnv, encoding: "utf8" });
				const ms = msSince(at);
				if (result.status !== 0) throw new Error(`the build server's build after an edit failed:\n${result.stderr}`);
				if (!result.stderr.includes("the content folder watched"))
					throw new Error(`the build after an edit was not the build server's:\n${result.stderr}`);
				served.push({
					ms,
					compiled: /compiled \d+ of \d+ articles/.exec(result.stderr)?.[0] ?? "?",
					watched: /the content folder watched: ([^;\n]+)/.exec(result.stderr)?.[1] ?? "?",
					since: /\d+ articles? changed in place|the articles moved/.exec(result.stderr)?.[0],
				});
				// wrangler dev runs the command again once the output changed, which finds nothing new; the
				// server answers it once what it does after an answer (its cache, made and written) is done.
				spawnSync(process.execPath, ["scripts/build-content.ts", "--quiet"], { cwd: ROOT, env: serverEnv });
			}
			const status = `/proc/${server.pid}/status`;
			if (existsSync(status))
				servedPeakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(status, "utf8"))?.[1] ?? 0) / 1024;
		});
	} finally {
		server.kill();
	}
	return { served, servedPeakMiB, servedWarmMs };
}

/** Compiles corpus `n` into src/content/ and bundles the Worker into bench/out/<n>/bundle. */
export async function build(n: number): Promise<Built> {
	const content = corpusDir(n);
	const env = { ...ENV, REELFEED_CONTENT: content, REELFEED_DRY_RUN: "1" };
	const started = process.hrtime.bigint();
	// The build's peak memory, from GNU time where there is one (%M: maximum resident set, KiB, its
	// threads included), with Node's default heap, as an editor runs it.
	const time = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%M", "-o", join(OUT, `${n}-build-rss.txt`)] : [];
	mkdirSync(OUT, { recursive: true });
	const peak = () =>
		time.length
			? Number(
					readFileSync(join(OUT, `${n}-build-rss.txt`), "utf8")
						.trim()
						.split("\n")
						.at(-1),
				) / 1024
			: 0;
	// From nothing: no build cache is read (an earlier run's may hold this corpus).
	const command = [...time, process.execPath, "scripts/build-content.ts", "--quiet", "--fresh"];
	execFileSync(command[0] as string, command.slice(1), { cwd: ROOT, env, stdio: "inherit" });
	const buildMs = msSince(started);
	const buildPeakMiB = peak();
	// An editor's edit: a paragraph added to one article in the middle of the archive, then the
	// file put back as it was (an edit too); then a new article added and taken out; each followed
	// by the build `wrangler dev` runs.
	// A new article a run killed outright (SIGKILL) left behind is not the editor's: taken out first.
	rmSync(join(content, "articles", NEW_ARTICLE), { force: true });
	const names = readdirSync(join(content, "articles")).sort();
	const file = join(content, "articles", names[Math.floor(names.length / 2)] as string);
	const original = readFileSync(file);
	const edits: Built["edits"] = [];
	const again = [...time, process.execPath, "scripts/build-content.ts", "--quiet", "--times"];
	await withSaves(file, original, async () => {
		for (const each of editorSaves(file, original, 1)) {
			save(each);
			const at = process.hrtime.bigint();
			const result = spawnSync(again[0] as string, again.slice(1), { cwd: ROOT, env, encoding: "utf8" });
			const ms = msSince(at);
			if (result.status !== 0) throw new Error(`the build after an edit failed:\n${result.stderr}`);
			edits.push({ ms, peakMiB: peak(), compiled: /compiled \d+ of \d+ articles/.exec(result.stderr)?.[0] ?? "?" });
		}
	});
	const { served, servedPeakMiB, servedWarmMs } = await servedEdits(env, file, original);
	const outdir = join(OUT, String(n), "bundle");
	rmSync(outdir, { recursive: true, force: true });
	// Bundled as `wrangler deploy` bundles, from a copy of wrangler.toml without its [build]: the
	// content was just compiled, and a million articles are not compiled twice.
	const config = join(OUT, String(n), "wrangler.json");
	mkdirSync(dirname(config), { recursive: true });
	writeFileSync(config, JSON.stringify(bundleConfig()));
	execFileSync(join(BIN, "wrangler"), ["deploy", "--dry-run", "--config", config, "--outdir", outdir], {
		cwd: ROOT,
		env,
		stdio: "ignore",
	});
	if (!existsSync(join(outdir, "index.js"))) throw new Error(`wrangler wrote no Worker to ${outdir}`);
	const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
	let bundleRaw = 0;
	let bundleGzip = 0;
	for (const f of modules) {
		const bytes = readFileSync(join(outdir, f));
		bundleRaw += bytes.byteLength;
		bundleGzip += gzipSync(bytes).byteLength;
	}
	// The static assets, copied aside: the next corpus's build writes its own to the same folder.
	const publicDir = join(OUT, String(n), "public");
	rmSync(publicDir, { recursive: true, force: true });
	cpSync(PUBLIC_DIR, publicDir, { recursive: true });
	const assets = readdirSync(publicDir, { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile())
		.map((f) => statSync(join(f.parentPath, f.name)).size);
	return {
		outdir,
		buildMs,
		buildPeakMiB,
		edits,
		served,
		servedPeakMiB,
		servedWarmMs,
		bundleRaw,
		bundleGzip,
		modules,
		publicDir,
		assetFiles: assets.length,
		assetBytes: assets.reduce((a, b) => a + b, 0),
		largestAsset: Math.max(0, ...assets),
	};
}

/** `build` compiled a corpus into src/content/: this compiles the real content back. */
export function restoreRealContent(): void {
	execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], {
		cwd: ROOT,
		env: { ...ENV, REELFEED_CONTENT: join(ROOT, "content") },
	});
}
