/**
 * The two ways the Worker is served over real HTTP, each with a copy of the tests' own content:
 * `npm start`'s dev server (scripts/dev.ts: wrangler dev behind its proxy), and the bundle
 * `wrangler deploy` uploads, served by `workerd serve` as the benchmark serves it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { serve } from "../../scripts/bench/workerd.ts";
import { startDev } from "../../scripts/dev.ts";
import { freePort } from "../../scripts/ports.ts";
import { configFor, ROOT } from "../../scripts/worker-config.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

/**
 * What a build (of the content, or of the deploy bundle) may take here: seconds, many times that on
 * a loaded machine. These run in beforeAll hooks, whose timeout cannot interrupt a synchronous
 * spawn, so a build that hangs is killed and the hook fails with the error instead.
 */
const SPAWN_MS = 90_000;

/**
 * A fresh copy of the fixture content, which a test may edit as an editor would. With `deployedAt`,
 * it comes with the history a deploy at that time would have left (content/feed-history.json), as
 * an editor's committed content does.
 */
export function contentCopy(deployedAt?: string): string {
	const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-content-")), "content");
	cpSync(FIXTURE_CONTENT, dir, { recursive: true });
	if (deployedAt) {
		const out = join(dirname(dir), "deployed", "compiled.js");
		execFileSync(
			process.execPath,
			[
				"scripts/build-content.ts",
				"--quiet",
				"--content",
				dir,
				"--out",
				out,
				"--now",
				deployedAt,
				"--history",
				join(dir, "feed-history.json"),
			],
			{ cwd: ROOT, stdio: "inherit", timeout: SPAWN_MS },
		);
	}
	return dir;
}

export async function devServer(content = contentCopy()) {
	const dev = await startDev({ port: await freePort(), ip: "127.0.0.1", content, quiet: true });
	return { ...dev, content };
}

/** The deploy bundle of a copy of the fixtures, under `workerd serve`. */
export async function bundleServer() {
	const content = contentCopy();
	const { config, out } = configFor(content);
	const dir = mkdtempSync(join(tmpdir(), "reelfeed-bundle-"));
	const outdir = join(dir, "bundle");
	execFileSync(
		join(ROOT, "node_modules/.bin/wrangler"),
		["deploy", "--dry-run", "--config", config, "--outdir", outdir],
		{
			cwd: ROOT,
			env: {
				...process.env,
				PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}`,
				WRANGLER_SEND_METRICS: "false",
			},
			stdio: "ignore",
			timeout: SPAWN_MS,
		},
	);
	const modules = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
	const built = {
		outdir,
		buildMs: 0,
		bundleRaw: 0,
		bundleGzip: 0,
		modules,
		assetFiles: 0,
		assetBytes: 0,
		largestAsset: 0,
		buildPeakMiB: 0,
		edits: [],
		served: [],
		servedPeakMiB: 0,
		servedWarmMs: 0,
	};
	// The static assets the dry run's build wrote: the content's files and images.
	const server = await serve(dir, { ...built, publicDir: join(out, "public") }, {});
	return {
		url: server.url,
		content,
		close: async () => {
			const exited = new Promise((done) => server.child.once("exit", done));
			server.child.kill("SIGTERM");
			await exited;
		},
	};
}
