import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { readContentFolder } from "../scripts/build-content.ts";
import { compileContent } from "../scripts/compiler/compile.ts";

/** Builds the real content and assets exactly as `wrangler dev` and `wrangler deploy` do. */
export default function setup(project: TestProject): void {
	execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], { stdio: "inherit" });
	execFileSync(process.execPath, ["scripts/build-assets.ts", "--quiet"], { stdio: "inherit" });
	// The hostile fixtures, through the real compiler, for the worker tests to render (hostile.test.ts);
	// typed in test/worker/provided.d.ts.
	project.provide("hostile" as never, compileContent(readContentFolder("test/fixtures/hostile")) as never);
	project.provide("fuzzRuns" as never, Number(process.env.REELFEED_FUZZ_RUNS ?? 200) as never);
}
