/**
 * Adds to package-lock.json the optional, platform-specific packages that npm left out of it.
 *
 *   npm run lock:complete      (after any `npm install` that rewrites the lockfile)
 *
 * Why: packages such as @biomejs/biome and workerd ship their binaries as optional dependencies,
 * one per platform. When the registry npm talks to lacks some of them (this project's registry
 * mirror has only the Linux builds of current versions), `npm install` writes a lockfile without
 * those entries, and `npm ci` then refuses that same lockfile ("Missing: …@ from lock file").
 * Listing each one as an optional entry at its pinned version makes the lockfile complete again:
 * `npm ci` installs the package for the platform it runs on and skips the others, as it would
 * with a lockfile written against the full registry.
 */
import { readFileSync, writeFileSync } from "node:fs";

type LockEntry = { version?: string; dev?: boolean; optional?: boolean; optionalDependencies?: Record<string, string> };

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockEntry> };
const added: string[] = [];

const ROOT = "node_modules/";

/** The folder above `folder` in Node's resolution order ("node_modules/a/node_modules/" → "node_modules/"). */
const parentFolder = (folder: string) =>
	folder.slice(0, folder.lastIndexOf(ROOT, folder.length - ROOT.length - 1) + ROOT.length);

const isExact = (version: string) => /^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version);

/** Where Node's resolution from `folder` finds `name`, if the lockfile has it. */
function resolve(folder: string, name: string): string | undefined {
	for (let f = folder; ; f = parentFolder(f)) {
		if (lock.packages[`${f}${name}`]) return f;
		if (f === ROOT) return undefined;
	}
}

for (const [where, entry] of Object.entries(lock.packages)) {
	const optional = Object.entries(entry.optionalDependencies ?? {});
	const folder = where ? where.slice(0, where.lastIndexOf(ROOT) + ROOT.length) : ROOT;
	const locked = (name: string, version: string) => {
		const found = resolve(folder, name);
		return found !== undefined && (!isExact(version) || lock.packages[`${found}${name}`]?.version === version)
			? found
			: undefined;
	};
	// The missing binaries go beside the ones npm did lock for this package (e.g. workerd-linux-64).
	const home = optional.map(([name, version]) => locked(name, version)).find((f) => f !== undefined) ?? ROOT;
	for (const [name, version] of optional) {
		if (locked(name, version) !== undefined) continue;
		if (!isExact(version) || lock.packages[`${home}${name}`]) {
			console.warn(`skipped ${name}@${version} for ${where}: add it by hand`);
			continue;
		}
		lock.packages[`${home}${name}`] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
		added.push(`${home}${name}@${version}`);
	}
}
lock.packages = Object.fromEntries(
	Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
	added.length ? `added ${added.length} optional entries:\n  ${added.join("\n  ")}` : "package-lock.json is complete",
);
