/**
 * Measures a corpus compiled and bundled before (its Worker bundle and its static assets), without
 * building it again: what a fresh isolate costs (start, first requests) and what an isolate holds
 * after 1,000 feeds and 1,000 article pages, as `npm run bench` measures them (scripts/bench.ts,
 * `prepare`). For the largest archive, whose compile alone takes a quarter of an hour.
 *
 *   node scripts/bench/prebuilt.ts --bundle DIR --public DIR --work DIR
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Built } from "./build.ts";
import { coldStart, firstPaths } from "./cold-start.ts";
import { isolateMemory } from "./memory.ts";
import { serve, withServer } from "./workerd.ts";

const { values } = parseArgs({
	options: { bundle: { type: "string" }, public: { type: "string" }, work: { type: "string" } },
});
const publicDir = resolve(values.public as string);
const dir = resolve(values.work as string);
// The config embeds the bundle from its own folder, as bench/out/N/bundle.
const outdir = join(dir, "bundle");
mkdirSync(dir, { recursive: true });
if (resolve(values.bundle as string) !== outdir) cpSync(resolve(values.bundle as string), outdir, { recursive: true });

const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
const sizes = modules.map((f) => readFileSync(join(outdir, f)));
const assets = readdirSync(publicDir, { recursive: true, withFileTypes: true })
	.filter((f) => f.isFile())
	.map((f) => statSync(join(f.parentPath, f.name)).size);
const built: Built = {
	outdir,
	buildMs: 0,
	buildPeakMiB: 0,
	edits: [],
	served: [],
	servedPeakMiB: 0,
	servedWarmMs: 0,
	bundleRaw: sizes.reduce((a, b) => a + b.byteLength, 0),
	bundleGzip: sizes.reduce((a, b) => a + gzipSync(b).byteLength, 0),
	modules,
	publicDir,
	assetFiles: assets.length,
	assetBytes: assets.reduce((a, b) => a + b, 0),
	largestAsset: Math.max(0, ...assets),
};

const first = await withServer(await serve(dir, built, {}), firstPaths);
const startup = await coldStart(dir, built, first);
const memory = await isolateMemory(dir, built);
const result = { built: { ...built, modules: undefined }, first, startup, memory };
writeFileSync(join(dir, "prebuilt.json"), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
