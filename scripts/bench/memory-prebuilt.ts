/**
 * What an isolate holds after 1,000 distinct feeds and 1,000 article pages (as `npm run bench`
 * measures it, scripts/bench/memory.ts), for a bundle built before and its static assets.
 *
 *   node scripts/bench/memory-prebuilt.ts --bundle DIR --public DIR --work DIR
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isolateMemory } from "./memory.ts";
import { prebuiltBundle } from "./prebuilt-bundle.ts";

const { values } = parseArgs({
	options: { bundle: { type: "string" }, public: { type: "string" }, work: { type: "string" } },
});
const dir = resolve(values.work as string);
const built = prebuiltBundle(values.bundle as string, values.public as string, dir);
console.log(JSON.stringify(await isolateMemory(dir, built)));
