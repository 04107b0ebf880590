import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentCopy, devServer } from "./servers.ts";

/**
 * An editor at work under `npm start`: the dev server rebuilds on every save. These tests edit a
 * copy of the fixture content as the README says to, and poll as a reader or a browser would.
 */
let dev: Awaited<ReturnType<typeof devServer>>;
beforeAll(async () => {
	// Content last deployed well before now, with the history that deploy left, as committed.
	dev = await devServer(contentCopy("2026-01-01T00:00:00Z"));
}, 120_000);
afterAll(() => dev?.close());

/** How long a rebuild after a save may take: a few seconds, several times that on a loaded machine. */
const REBUILD_MS = 30_000;
/**
 * A test that waits for `n` rebuilds: time for each, and for its requests, so that a slow rebuild
 * fails in `until`, with what the dev server said, not in vitest's timeout.
 */
const rebuilds = (n: number) => ({ timeout: n * REBUILD_MS + 15_000 });

/** Polls `probe` until it returns a value, for at most REBUILD_MS. */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + REBUILD_MS;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`still waiting after ${REBUILD_MS / 1000} s; the dev server said:\n${dev.output()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

const fetchText = async (path: string, headers: Record<string, string> = {}) => {
	const res = await fetch(`${dev.url}${path}`, { headers });
	return { res, body: await res.text() };
};

const article = (slug: string, frontMatter: string, body: string) =>
	writeFileSync(join(dev.content, "articles", `${slug}.md`), `---\n${frontMatter}---\n${body}\n`);

describe("broken content under npm start", () => {
	it("answers every request with the problems, as a page in a browser, until they are fixed", rebuilds(2), async () => {
		article("broken", "title: Broken\ndate: 2020-02-30\nsumary: typo\npeople: [jon-russo]\n", "Text.");
		const page = await until(async () => {
			const { res, body } = await fetchText("/people/joe-russo", { accept: "text/html" });
			return res.status === 503 ? body : undefined;
		});
		const expected = [
			'broken.md:3: date: "2020-02-30" is not a real calendar date',
			'broken.md:4: sumary: unknown field "sumary"',
			'broken.md:5: people[0]: unknown person "jon-russo": did you mean joe-russo?',
		];
		const decoded = page.replaceAll("&quot;", '"');
		for (const line of expected) expect(decoded).toContain(line);
		expect(page).toContain('<meta http-equiv="refresh" content="2"/>');
		// Every route, every format: a feed reader, a program, the embed script.
		const json = (await (await fetch(`${dev.url}/feed.json`)).json()) as { problems: unknown[] };
		expect(json).toMatchObject({ status: 503, problems: expect.any(Array) });
		expect(json.problems).toHaveLength(3);
		// A browser opening a JSON URL is shown the page too.
		const browser = await fetchText("/feed.json", { accept: "text/html,*/*;q=0.8" });
		expect(browser.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
		expect(browser.body.replaceAll("&quot;", '"')).toContain(expected[0]);
		const rss = await fetchText("/feed.xml");
		expect(rss.res.status).toBe(503);
		expect(rss.body).toContain("broken.md:3: date:");
		expect((await fetch(`${dev.url}/embed.js`)).status).toBe(503);

		// The terminal showed the problems once, readably: no stack, no pages of wrangler internals.
		const output = dev.output();
		expect(output.split('unknown field "sumary"').length - 1).toBe(1);
		expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
		expect(output).not.toContain("✘ [ERROR]");

		rmSync(join(dev.content, "articles", "broken.md"));
		await until(async () => ((await fetch(`${dev.url}/feed.xml`)).status === 200 ? true : undefined));
	});
});

describe("Last-Modified after an edit, for a reader that sends only If-Modified-Since", () => {
	const lastModified = async (path: string) =>
		(await fetch(`${dev.url}${path}`)).headers.get("last-modified") as string;

	it(
		"moves when an article with an older date is added, for the feeds it is in and no other",
		rebuilds(1),
		async () => {
			const tom = await lastModified("/feed/person/tom-holland.json");
			// The reader polls now, and keeps the time of its poll, by its own clock.
			const polled = new Date().toUTCString();
			await new Promise((r) => setTimeout(r, 1100));
			const edited = Math.floor(Date.now() / 1000) * 1000;
			const served = dev.served();
			article("an-older-scoop", "title: An older scoop\ndate: 2019-06-01\n", "Joe Russo, a year earlier.");
			await until(async () => ((await fetchText("/feed.xml")).body.includes("an-older-scoop") ? true : undefined));
			// Built by the build server that npm start keeps up (scripts/build-server.ts), not by a process of its own.
			expect(dev.served()).toBeGreaterThan(served);
			for (const path of ["/feed.xml", "/feed/person/joe-russo.json"]) {
				expect(Date.parse(await lastModified(path)), path).toBeGreaterThanOrEqual(edited);
				const res = await fetch(`${dev.url}${path}`, { headers: { "if-modified-since": polled } });
				expect(res.status, path).toBe(200);
				expect(await res.text(), path).toContain("an-older-scoop");
			}
			expect(await lastModified("/feed/person/tom-holland.json")).toBe(tom);
			expect(
				(await fetch(`${dev.url}/feed/person/tom-holland.json`, { headers: { "if-modified-since": tom } })).status,
			).toBe(304);
		},
	);

	it("moves when a new alias tags an existing article", rebuilds(2), async () => {
		const path = "/feed/person/david-harbour.atom";
		// A published article that names him by surname alone, which the registry does not know yet.
		article("a-harbour-profile", "title: A profile\ndate: 2018-01-01\n", "Harbour was cast as Gaspar.");
		await until(async () => ((await fetchText("/feed.xml")).body.includes("a-harbour-profile") ? true : undefined));
		expect((await fetchText(path)).body).not.toContain("a-harbour-profile");
		// The reader's poll, by its own clock, before the alias is added.
		const before = new Date().toUTCString();
		await new Promise((r) => setTimeout(r, 1100));
		const people = join(dev.content, "people.yaml");
		writeFileSync(
			people,
			readFileSync(people, "utf8").replace(
				"- slug: david-harbour\n  name: David Harbour\n",
				"- slug: david-harbour\n  name: David Harbour\n  aliases: [Harbour]\n",
			),
		);
		await until(async () => ((await fetchText(path)).body.includes("a-harbour-profile") ? true : undefined));
		expect(Date.parse(await lastModified(path))).toBeGreaterThan(Date.parse(before));
		expect(
			(await fetch(`${dev.url}/feed/person/tom-holland.atom`, { headers: { "if-modified-since": before } })).status,
		).toBe(304);
		const res = await fetch(`${dev.url}${path}`, { headers: { "if-modified-since": before } });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain("a-harbour-profile");
	});

	it("moves past the newest item's date when an article dated earlier the same day is added", rebuilds(2), async () => {
		const today = new Date().toISOString().slice(0, 10);
		const midnight = `${today}T00:00:00Z`;
		article("first-of-the-day", `title: First\ndate: ${midnight}\n`, "Extraction news.");
		await until(async () =>
			(await fetchText("/feed/film/extraction.json")).body.includes("first-of-the-day") ? true : undefined,
		);
		// A reader polls now, and keeps its own time; then an article dated 00:00:01 the same day is added.
		const polled = new Date().toUTCString();
		await new Promise((r) => setTimeout(r, 1100));
		article("second-of-the-day", `title: Second\ndate: ${today}T00:00:01Z\n`, "More Extraction news.");
		await until(async () =>
			(await fetchText("/feed/film/extraction.json")).body.includes("second-of-the-day") ? true : undefined,
		);
		const res = await fetch(`${dev.url}/feed/film/extraction.json`, { headers: { "if-modified-since": polled } });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain("second-of-the-day");
	});
});
