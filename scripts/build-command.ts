/**
 * The build command wrangler runs before `wrangler dev` serves and `wrangler deploy` bundles
 * (wrangler.toml's [build] command), and `npm start` after every save: the content
 * (scripts/build-content.ts), then, if it built, the assets (scripts/build-assets.ts, --quiet).
 *
 *   node scripts/build-command.ts [build-content.ts's options]
 *
 * Under `npm start` (WRANGLER_COMMAND=dev, REELFEED_BUILD_SERVER naming a socket) both are handed
 * to the build server that stays up between saves (scripts/build-server.ts), and this process
 * imports nothing else: the compiler's modules and the assets' (esbuild, sharp) take half a
 * second each to load, twice a save (wrangler dev runs the command again once the module changed,
 * to find nothing to do), which at a million articles was a second of the ten a save may take.
 * Where the server cannot build, the command builds in this process.
 */
import { parseArgs } from "node:util";
import { buildThrough } from "./build-client.ts";

const args = process.argv.slice(2);
// The assets are built for the content's icon: the folder the content build reads.
const { values } = parseArgs({ args, options: { content: { type: "string" } }, strict: false });
const assets = ["--quiet", ...(typeof values.content === "string" ? ["--content", values.content] : [])];
const server = process.env.WRANGLER_COMMAND === "dev" ? process.env.REELFEED_BUILD_SERVER : undefined;
let code = server ? await buildThrough(server, args, process.env, assets) : undefined;
if (code === undefined) {
	code = await (await import("./build-content.ts")).main(args);
	if (code === 0) code = await (await import("./build-assets.ts")).main(assets);
}
process.exitCode = code;
