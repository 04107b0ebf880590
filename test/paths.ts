import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** The tests' own content: copies of the seed articles and their registries, and what tests add. */
export const FIXTURE_CONTENT = join(ROOT, "test/fixtures/content");
/** What the test setup builds (not committed). */
export const TEST_BUILD = join(ROOT, "test/.build");
/** Where the fixture content is compiled; the worker tests import it in place of src/content/compiled.js. */
export const FIXTURE_BUILD = join(TEST_BUILD, "content/compiled.js");
/** The fixture build's published images, which Workers Static Assets serve to the worker tests (env.ASSETS). */
export const FIXTURE_PUBLIC = join(TEST_BUILD, "content/public");
/** The fixture build's history of feed changes: kept out of the fixtures, which no test writes to. */
export const FIXTURE_HISTORY = join(TEST_BUILD, "feed-history.json");
/** The module the Worker imports its content from. */
export const CONTENT_MODULE = join(ROOT, "src/content/compiled.js");

export { BUILD_NOW, EARLIER_BUILD_NOW, LATE_ARTICLE } from "./build-clock.ts";
