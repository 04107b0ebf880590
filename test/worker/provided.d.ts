// What test/global-setup.ts provides to the tests (vitest's provide/inject).
import type { CompiledContent } from "../../src/content/types.ts";

declare module "vitest" {
	export interface ProvidedContext {
		/** The hostile fixtures (test/fixtures/hostile), compiled by the real compiler. */
		hostile: CompiledContent;
		/** How many generated requests the property tests send (REELFEED_FUZZ_RUNS, default 200). */
		fuzzRuns: number;
	}
}
