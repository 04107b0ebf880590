/** Serves a bundle and its static assets in workerd until killed: node scripts/bench/serve-prebuilt.ts --bundle DIR --public DIR --work DIR */
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Built } from "./build.ts";
import { serve } from "./workerd.ts";

const { values } = parseArgs({
	options: { public: { type: "string" }, work: { type: "string" }, bundle: { type: "string" } },
});
const dir = resolve(values.work as string);
const outdir = join(dir, "bundle");
rmSync(outdir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(resolve(values.bundle as string), outdir, { recursive: true });
const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
const server = await serve(
	dir,
	{ outdir, modules, publicDir: resolve(values.public as string) } as unknown as Built,
	{},
);
console.log(server.url);
process.on("SIGTERM", () => {
	server.child.kill("SIGKILL");
	process.exit(0);
});
