import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus.ts";
import { buildOnSave, startDev } from "../../scripts/dev.ts";
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

describe("npm start's watch of the content folder (buildOnSave)", () => {
	it("builds after a save anywhere in it: a folder made, moved in, removed and made again", async () => {
		const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-saves-")), "content");
		mkdirSync(join(dir, "articles"), { recursive: true });
		const log = join(dir, "..", "builds.txt");
		writeFileSync(log, "");
		// The build: a line in `log`, so that each build is counted.
		const saves = buildOnSave(dir, { command: `echo built >> "${log}"`, cwd: dir, env: process.env }, () => undefined);
		const builds = () => readFileSync(log, "utf8").split("\n").filter(Boolean).length;
		/** `change` made, then waited for the build it starts (after the debounce), for at most 10 s. */
		const builtAfter = async (what: string, change: () => void) => {
			const before = builds();
			change();
			const deadline = Date.now() + 10_000;
			while (builds() === before) {
				if (Date.now() > deadline) throw new Error(`no build after ${what}`);
				await new Promise((r) => setTimeout(r, 50));
			}
			// Settled: one build's events all in (the debounce), before the next change.
			await new Promise((r) => setTimeout(r, 300));
		};
		try {
			await builtAfter("an article saved", () => writeFileSync(join(dir, "articles", "a.md"), "a\n"));
			await builtAfter("a folder made", () => mkdirSync(join(dir, "images", "2026"), { recursive: true }));
			await builtAfter("an image saved in it", () => writeFileSync(join(dir, "images", "2026", "x.jpg"), "x"));
			const outside = join(dir, "..", "moved");
			mkdirSync(join(outside, "deep"), { recursive: true });
			await builtAfter("a folder moved in", () => renameSync(outside, join(dir, "images", "moved")));
			await builtAfter("a file saved in the folder moved in", () =>
				writeFileSync(join(dir, "images", "moved", "deep", "y.jpg"), "y"),
			);
			await builtAfter("a folder removed", () => rmSync(join(dir, "images", "2026"), { recursive: true }));
			await builtAfter("made again under its name", () => mkdirSync(join(dir, "images", "2026")));
			await builtAfter("a file saved in it", () => writeFileSync(join(dir, "images", "2026", "z.jpg"), "z"));
		} finally {
			saves.close();
		}
	});
});
