/**
 * A bundle built before (`wrangler deploy --dry-run --outdir`) and its static assets, copied into
 * `dir`/bundle, where the workerd configs of workerd.ts embed it from: for the tools that measure
 * a build without building it again (first-requests.ts, profile-first.ts, memory-prebuilt.ts,
 * serve-prebuilt.ts). Only what `serve` reads of a Built is filled in.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Built } from "./build.ts";

export function prebuiltBundle(bundle: string, publicDir: string, dir: string): Built {
	const outdir = join(resolve(dir), "bundle");
	rmSync(outdir, { recursive: true, force: true });
	mkdirSync(resolve(dir), { recursive: true });
	cpSync(resolve(bundle), outdir, { recursive: true });
	const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
	return { outdir, modules, publicDir: resolve(publicDir) } as Built;
}
