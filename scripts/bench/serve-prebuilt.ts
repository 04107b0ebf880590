/** Serves a bundle and its static assets in workerd until killed: node scripts/bench/serve-prebuilt.ts --bundle DIR --public DIR --work DIR */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { prebuiltBundle } from "./prebuilt-bundle.ts";
import { serve } from "./workerd.ts";

const { values } = parseArgs({
	options: { public: { type: "string" }, work: { type: "string" }, bundle: { type: "string" } },
});
const dir = resolve(values.work as string);
const server = await serve(dir, prebuiltBundle(values.bundle as string, values.public as string, dir), {});
console.log(server.url);
process.on("SIGTERM", () => {
	server.child.kill("SIGKILL");
	process.exit(0);
});
