/**
 * What an isolate holds after 1,000 distinct feeds and 1,000 article pages (as `npm run bench`
 * measures it, scripts/bench/memory.ts), for a bundle built before and its static assets.
 *
 *   node scripts/bench/memory-prebuilt.ts --bundle DIR --public DIR --work DIR
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Built } from "./build.ts";
import { isolateMemory } from "./memory.ts";

const { values } = parseArgs({
	options: { bundle: { type: "string" }, public: { type: "string" }, work: { type: "string" } },
});
const dir = resolve(values.work as string);
const outdir = join(dir, "bundle");
rmSync(outdir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(resolve(values.bundle as string), outdir, { recursive: true });
const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
const built = { outdir, modules, publicDir: resolve(values.public as string) } as unknown as Built;
console.log(JSON.stringify(await isolateMemory(dir, built)));
