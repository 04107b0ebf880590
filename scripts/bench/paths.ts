/** Where the benchmark and the soak find the project, put their output, and run its tools. */
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const OUT = join(ROOT, "bench/out");
export const BIN = join(ROOT, "node_modules/.bin");
/** The project's tools on the PATH, and wrangler's metrics off. */
export const ENV = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false" };
