/**
 * Some worker tests call the core (editions, feed models) directly rather than through a request.
 * The core reads the content's files from the isolate's store, which the HTTP shell fills from the
 * static assets as requests need them (src/http/content.ts): here every fixture file is loaded
 * first, through the same ASSETS binding, so that a direct call finds them.
 */
import { env } from "cloudflare:test";
import { contentFileNames } from "../../src/content/index.ts";
import { loadContentFiles } from "../../src/http/content.ts";

// Before the test file is imported: some compute what they test at the top of the file.
await loadContentFiles(env, contentFileNames());
