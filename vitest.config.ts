import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		// Compiles content/ and assets once, before any test imports the Worker.
		globalSetup: ["test/global-setup.ts"],
		projects: [
			{
				// Request tests: the real Worker, in workerd, against the real bundled content.
				plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
				test: { name: "worker", include: ["test/worker/**/*.test.ts"] },
			},
			{
				// The content compiler runs on Node at build time, and is tested there.
				test: { name: "compiler", environment: "node", include: ["test/compiler/**/*.test.ts"] },
			},
			{
				// End to end in Debian's Chromium, against `wrangler dev` and a page on another origin.
				test: {
					name: "browser",
					environment: "node",
					include: ["test/browser/**/*.test.ts"],
					globalSetup: ["test/browser/setup.ts"],
					testTimeout: 30_000,
					hookTimeout: 90_000,
				},
			},
		],
	},
});
