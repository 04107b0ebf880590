import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus.ts";
import { startDev } from "../../scripts/dev.ts";
import { freePort } from "../../scripts/ports.ts";
import { configFor } from "../../scripts/worker-config.ts";

/**
 * `npm start` on an archive of thousands of articles: what it watches does not grow with them.
 * wrangler dev's own watch of a folder puts a watch on every file in it; on a million articles
 * that exhausted the kernel's watches (ENOSPC) and took wrangler down, so the content folder is
 * watched by npm start itself, a watch a folder (scripts/dev.ts: buildOnSave).
 */
const ARTICLES = 3_000;
const content = join(mkdtempSync(join(tmpdir(), "reelfeed-large-")), "content");
let dev: Awaited<ReturnType<typeof startDev>>;

beforeAll(async () => {
	generateCorpus(ARTICLES, 5, content);
	dev = await startDev({ port: await freePort(), ip: "127.0.0.1", content, quiet: true });
}, 180_000);
afterAll(() => dev?.close());

/** The inotify watches held by the processes whose command line names `marker` (/proc/PID/fdinfo). */
function watchesOf(marker: string): number {
	let watches = 0;
	for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
		try {
			if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) continue;
			for (const fd of readdirSync(`/proc/${pid}/fdinfo`))
				watches += readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8").split("\ninotify wd:").length - 1;
		} catch {
			// Gone meanwhile.
		}
	}
	return watches;
}

describe("npm start on thousands of articles", () => {
	it("watches a folder, not each article, and builds what is saved", { timeout: 60_000 }, async () => {
		const articles = readdirSync(join(content, "articles")).length;
		expect(articles).toBeGreaterThanOrEqual(ARTICLES);
		// wrangler dev, started with the configuration made for this content (its path names it).
		const wrangler = watchesOf(configFor(content).config);
		// It watches the code (scripts/, src/) and the module the build writes: a few hundred files.
		expect(wrangler).toBeGreaterThan(0);
		expect(wrangler).toBeLessThan(articles / 3);

		const person = /name: "?([^"\n]+)"?/.exec(readFileSync(join(content, "people.yaml"), "utf8"))?.[1];
		writeFileSync(
			join(content, "articles", "a-saved-article.md"),
			`---\ntitle: "Saved"\ndate: ${new Date().toISOString()}\n---\n${person} speaks.\n`,
		);
		const deadline = Date.now() + 45_000;
		for (;;) {
			const feed = (await (await fetch(`${dev.url}/feed.json`)).json()) as { items: { url: string }[] };
			if (feed.items.some((item) => item.url.endsWith("/articles/a-saved-article"))) break;
			if (Date.now() > deadline)
				throw new Error(`the saved article was not served; the dev server said:\n${dev.output()}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	});
});
