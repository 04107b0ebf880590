/**
 * A Wrangler configuration that builds and serves the Worker with another content folder than
 * content/ (the tests' fixtures, a benchmark corpus), without touching src/content/compiled.js,
 * which `npm start` on the editor's content may be serving at the same time: the content is
 * compiled into a folder of its own, which the Worker's content module is aliased to. Everything
 * else is read from wrangler.toml, so the two never drift apart.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { experimental_readRawConfig } from "wrangler";

export const ROOT = resolve(import.meta.dirname, "..");

export type WorkerConfig = { config: string; out: string };

/** Writes a configuration for `content` under .reelfeed/ and returns its path and build folder. */
export function configFor(content: string, extraBuildArgs: string[] = []): WorkerConfig {
	const dir = resolve(content);
	const id = createHash("sha256").update(dir).digest("hex").slice(0, 12);
	const home = join(ROOT, ".reelfeed", id);
	const out = join(home, "content");
	mkdirSync(out, { recursive: true });
	const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") });
	const absolute = (path: string) => resolve(ROOT, path);
	const node = JSON.stringify(process.execPath);
	const config = {
		...rawConfig,
		main: absolute(rawConfig.main as string),
		alias: {
			...Object.fromEntries(
				Object.entries(rawConfig.alias ?? {}).map(([name, path]) => [name, absolute(String(path))]),
			),
			// The Worker imports its content as ./compiled.js (src/content/index.ts).
			"./compiled.js": join(out, "compiled.js"),
		},
		// The content's own published images, which its build writes beside its module.
		assets: { ...rawConfig.assets, directory: join(out, "public") },
		build: {
			cwd: ROOT,
			command: `${node} scripts/build-command.ts --content ${JSON.stringify(dir)} --out ${JSON.stringify(join(out, "compiled.js"))} ${extraBuildArgs.join(" ")}`,
			// Wrangler joins these to the configuration's folder, absolute or not: relative to it, then.
			// Not the content's folder, which `npm start` watches itself and builds (scripts/dev.ts),
			// but what that build writes, which src/ holds in wrangler.toml's configuration: the Worker
			// is bundled and reloaded again once they change.
			watch_dir: [absolute("scripts"), absolute("src"), join(out, "compiled.js"), join(out, "compiled-head.bin")].map(
				(path) => relative(home, path),
			),
		},
	};
	const path = join(home, "wrangler.json");
	writeFileSync(path, `${JSON.stringify(config, null, "\t")}\n`);
	return { config: path, out };
}

/** The build command a configuration runs (wrangler dev at its start, `npm start` after each save), and where. */
export function buildCommandOf(config: string): { command: string; cwd: string } {
	const { rawConfig } = experimental_readRawConfig({ config });
	return { command: String(rawConfig.build?.command ?? ""), cwd: resolve(ROOT, rawConfig.build?.cwd ?? ".") };
}
