import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { readContentFolder } from "../scripts/build-content.ts";
import { compileContent } from "../scripts/compiler/compile.ts";
import {
	BUILD_NOW,
	EARLIER_BUILD_NOW,
	FIXTURE_BUILD,
	FIXTURE_CONTENT,
	FIXTURE_HISTORY,
	LATE_ARTICLE,
	TEST_BUILD,
} from "./paths.ts";

/**
 * What each build here may take: about a second, many times that on a loaded machine. vitest has no
 * timeout for a global setup, and a synchronous spawn blocks it, so a build that hangs is killed
 * and the run stops with the error, rather than waiting for ever.
 */
const SPAWN_MS = 60_000;

const build = (content: string, out: string, now: string) =>
	execFileSync(
		process.execPath,
		[
			"scripts/build-content.ts",
			"--quiet",
			"--content",
			content,
			"--out",
			out,
			"--history",
			FIXTURE_HISTORY,
			"--now",
			now,
		],
		{ stdio: "inherit", timeout: SPAWN_MS },
	);

/**
 * Builds the tests' own content (test/fixtures/content, never the editor's content/) and the
 * assets, as `wrangler dev` and `wrangler deploy` build theirs. The worker tests import the
 * fixture build in place of src/content/compiled.js (see vitest.config.ts), so adding, editing or
 * removing articles in content/ cannot change what a test sees; the build checks content/.
 *
 * The fixtures are built twice, as an editor's content is: first without LATE_ARTICLE at
 * EARLIER_BUILD_NOW, then whole at BUILD_NOW with the history the first build kept. So the feeds
 * that article is in changed at BUILD_NOW and the others at EARLIER_BUILD_NOW, and the tests see
 * Last-Modified as a reader would after an article with an older date was added.
 */
export default function setup(project: TestProject): void {
	rmSync(TEST_BUILD, { recursive: true, force: true });
	const before = join(TEST_BUILD, "content-before");
	mkdirSync(before, { recursive: true });
	cpSync(FIXTURE_CONTENT, before, { recursive: true });
	rmSync(join(before, "articles", LATE_ARTICLE));
	build(before, join(TEST_BUILD, "before/compiled.js"), EARLIER_BUILD_NOW);
	build(FIXTURE_CONTENT, FIXTURE_BUILD, BUILD_NOW);
	execFileSync(process.execPath, ["scripts/build-assets.ts", "--content", FIXTURE_CONTENT, "--quiet"], {
		stdio: "inherit",
		timeout: SPAWN_MS,
	});
	// The hostile fixtures, through the real compiler, for the worker tests to render
	// (test/worker/hostile-content.test.ts); typed in test/worker/provided.d.ts.
	project.provide("hostile" as never, compileContent(readContentFolder("test/fixtures/hostile")) as never);
	project.provide("fuzzRuns" as never, Number(process.env.REELFEED_FUZZ_RUNS ?? 200) as never);
}
