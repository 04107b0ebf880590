import { resolve } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { CONTENT_MODULE, FIXTURE_BUILD, FIXTURE_PUBLIC } from "./test/paths.ts";

/**
 * The worker tests run the real Worker against the tests' own content: the module the Worker
 * imports its content from (src/content/compiled.js) resolves to the fixture build instead, which
 * test/global-setup.ts compiles from test/fixtures/content.
 */
const fixtureContent: Plugin = {
	name: "reelfeed-fixture-content",
	enforce: "pre",
	resolveId(source, importer) {
		if (importer && source.endsWith("compiled.js") && resolve(importer, "..", source) === CONTENT_MODULE)
			return FIXTURE_BUILD;
		return undefined;
	},
};

export default defineConfig({
	test: {
		// Compiles the fixture content and the assets once, before any test imports the Worker.
		globalSetup: ["test/global-setup.ts"],
		projects: [
			{
				// Request tests: the real Worker, in workerd, against the tests' own content.
				plugins: [
					fixtureContent,
					cloudflareTest({
						wrangler: { configPath: "./wrangler.toml" },
						// The fixture build's static assets: its images, and the content's files, which the
						// Worker reads through this binding (src/http/content.ts). Requests to the Worker's
						// own fetch() do not pass through the assets, as they do in production and under
						// `wrangler dev` (test/server): the tests read the images through the binding too.
						miniflare: { assets: { directory: FIXTURE_PUBLIC, binding: "ASSETS" } },
					}),
				],
				test: { name: "worker", include: ["test/worker/**/*.test.ts"], setupFiles: ["test/worker/setup.ts"] },
			},
			{
				// The content compiler runs on Node at build time, and is tested there.
				test: { name: "compiler", environment: "node", include: ["test/compiler/**/*.test.ts"] },
			},
			{
				// Over real HTTP: the dev server (npm start) and the deploy bundle under workerd serve.
				test: {
					name: "server",
					environment: "node",
					include: ["test/server/**/*.test.ts"],
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
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
