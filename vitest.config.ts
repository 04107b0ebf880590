import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		// Compiles content/ into src/content/compiled.js once, before any test imports the Worker.
		globalSetup: ["test/global-setup.ts"],
		projects: [
			{
				// Request tests: the real Worker, in workerd, against the real bundled content.
				plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
				test: { name: "worker", include: ["test/worker/**/*.test.ts"] },
			},
			{
				// The content compiler runs on Node at build time, and is tested there.
				test: {
					name: "compiler",
					environment: "node",
					include: ["test/compiler/**/*.test.ts"],
				},
			},
		],
	},
});
