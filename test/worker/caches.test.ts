import { describe, expect, it } from "vitest";
import { CACHE_BOUNDS, cacheUse } from "../../src/caches.ts";
import { ENTITY_TYPE_NAMES, hasFeed } from "../../src/content/index.ts";
import { FORMAT_NAMES, paths } from "../../src/feeds/index.ts";
import { get, visible } from "./helpers.ts";

describe("the isolate's caches", () => {
	it("are every one in the table, each within its bound, together within the total", async () => {
		// Every feed in every format, and a few pages, through the Worker.
		let feeds = 0;
		for (const type of ENTITY_TYPE_NAMES)
			for (const e of visible().entitiesOf(type).filter(hasFeed))
				for (const format of FORMAT_NAMES) {
					expect((await get(paths.feed({ type, slug: e.slug }, format))).status).toBe(200);
					feeds++;
				}
		await get(paths.home());
		await get(paths.entity("person", "joe-russo"));
		const use = cacheUse();
		const names = new Set(use.map((u) => u.name));
		for (const name of ["feeds", "feedUrls", "items", "articles", "documentTags"] as const)
			expect(names).toContain(name);
		for (const { name, bytes, entries } of use) {
			expect(bytes, name).toBeLessThanOrEqual(CACHE_BOUNDS[name].bytes);
			expect(entries, name).toBeLessThanOrEqual(CACHE_BOUNDS[name].entries);
		}
		expect(use.filter((u) => u.name === "feeds").reduce((n, u) => n + u.entries, 0)).toBeGreaterThanOrEqual(feeds);
	});
});
