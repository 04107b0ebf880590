import { execFileSync } from "node:child_process";

/** Builds the real content and assets exactly as `wrangler dev` and `wrangler deploy` do. */
export default function setup(): void {
	execFileSync(process.execPath, ["scripts/build-content.ts", "--quiet"], {
		stdio: "inherit",
	});
}
