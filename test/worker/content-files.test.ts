import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearCaches } from "../../src/caches.ts";
import { CONTENT_PATH, contentFileNames } from "../../src/content/index.ts";
import { loadContentFiles } from "../../src/http/content.ts";
import worker from "../../src/index.ts";
import { ORIGIN, parseXml, select, served } from "./helpers.ts";

const assets = (env as unknown as { ASSETS: Fetcher }).ASSETS;

/** The ASSETS binding as the Worker sees it, each file's answer through `answer`; the paths asked for, in order. */
function assetsWith(answer: (path: string, real: () => Promise<Response>) => Promise<Response>) {
	const asked: string[] = [];
	const binding = {
		fetch: (input: RequestInfo | URL) => {
			const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
			asked.push(path);
			return answer(path, () => assets.fetch(`${ORIGIN}${path}`));
		},
	};
	return { binding, asked };
}

/** A request to the Worker's own handler in this isolate, with `ASSETS` in its environment. */
const fetchWith = (
	binding: { fetch: Fetcher["fetch"] | ((input: RequestInfo | URL) => Promise<Response>) },
	path: string,
	headers?: HeadersInit,
) =>
	worker.fetch(
		new Request(new URL(path, ORIGIN), headers ? { headers } : {}),
		{ ...env, ASSETS: binding } as Env,
		createExecutionContext(),
	);

/** An isolate as a fresh one finds it: no content file loaded, nothing cached. */
const fresh = () => clearCaches();

// Every other test file finds the files loaded (test/worker/setup.ts); these start without them.
// Each failing request has a URL of its own: a feed the edge cache holds whole is answered from it.
afterEach(async () => {
	vi.restoreAllMocks();
	clearCaches();
	await loadContentFiles(env, contentFileNames());
});

describe("the content's files, read from the static assets", () => {
	it("are loaded as a request needs them, each once, in a few rounds, and kept for the next", async () => {
		fresh();
		const { binding, asked } = assetsWith((_, real) => real());
		const res = await fetchWith(binding, "/feed/person/joe-russo.json");
		expect(res.status).toBe(200);
		const feed = (await res.json()) as { items: { title: string; content_html: string }[] };
		expect(feed.items.length).toBeGreaterThan(0);
		for (const item of feed.items) expect(item.content_html.length).toBeGreaterThan(0);
		expect(asked.length).toBeGreaterThan(0);
		for (const path of asked) expect(path.startsWith(CONTENT_PATH)).toBe(true);
		expect(new Set(asked).size).toBe(asked.length);
		// The person (the key index, then their entry with their newest articles), the index entries
		// of those, their bodies; not their list.
		expect(new Set(asked.map((p) => p.slice(CONTENT_PATH.length).split("/")[0]))).toEqual(
			new Set(["keys", "registry", "recent", "index", "bodies"]),
		);
		clearCaches();
		await loadContentFiles(env, []);
		// The same feed from an isolate that kept the files but no rendered feed: nothing is read again.
		const kept = assetsWith((_, real) => real());
		for (const name of asked) await loadContentFiles(env, [name.slice(CONTENT_PATH.length)]);
		expect((await fetchWith(kept.binding, "/feed/person/joe-russo.json")).status).toBe(200);
		expect(kept.asked).toEqual([]);
	});

	it("an entity's list is read for a later page of its feed or a filter, which list what its first page lists", async () => {
		const kinds = (asked: string[]) => new Set(asked.map((p) => p.slice(CONTENT_PATH.length).split("/")[0]));
		type Feed = { items: { id: string }[]; next_url?: string };
		// The site's feed filtered by the person reads the person's list: what the pages are held to.
		fresh();
		const listed = assetsWith((_, real) => real());
		const whole = (await (await fetchWith(listed.binding, "/feed.json?person=joe-russo&limit=3")).json()) as Feed;
		expect(kinds(listed.asked).has("lists")).toBe(true);
		expect(whole.items.length).toBe(3);
		fresh();
		const first = assetsWith((_, real) => real());
		const page = (await (await fetchWith(first.binding, "/feed/person/joe-russo.json?limit=1")).json()) as Feed;
		expect(kinds(first.asked).has("lists")).toBe(false);
		expect(page.items.map((i) => i.id)).toEqual(whole.items.slice(0, 1).map((i) => i.id));
		const firstThree = (await (await fetchWith(assets, "/feed/person/joe-russo.json?limit=3")).json()) as Feed;
		expect(firstThree.items.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
		fresh();
		const later = assetsWith((_, real) => real());
		const next = new URL(page.next_url as string);
		const second = (await (await fetchWith(later.binding, next.pathname + next.search)).json()) as Feed;
		expect(kinds(later.asked).has("lists")).toBe(true);
		expect(second.items.map((i) => i.id)).toEqual(whole.items.slice(1, 2).map((i) => i.id));
		fresh();
		const filtered = assetsWith((_, real) => real());
		const res = await fetchWith(filtered.binding, "/feed/person/joe-russo.json?film=extraction-2");
		expect(res.status).toBe(200);
		expect(kinds(filtered.asked).has("lists")).toBe(true);
	});

	it("are loaded by requests that arrive together at a fresh isolate, each answered whole", async () => {
		fresh();
		const { binding } = assetsWith((_, real) => real());
		const paths = ["/feed.xml", "/feed/person/joe-russo.json", "/articles/joe-russo-talks-extraction", "/feed.atom"];
		const answers = await Promise.all(paths.map((p) => fetchWith(binding, p)));
		for (const [i, res] of answers.entries()) expect(res.status, paths[i]).toBe(200);
	});

	it("a page of the directory reads the registry alone: counts and newest dates come with the entries", async () => {
		fresh();
		const { binding, asked } = assetsWith((_, real) => real());
		const res = await fetchWith(binding, "/api/people.json");
		expect(res.status).toBe(200);
		const doc = (await res.json()) as { people: { article_count: number; newest_article: string | null }[] };
		expect(doc.people.every((p) => p.article_count > 0 && p.newest_article !== null)).toBe(true);
		expect(new Set(asked.map((p) => p.slice(CONTENT_PATH.length).split("/")[0]))).toEqual(new Set(["registry"]));
	});

	it("a page listing articles (an entity's, the home page, an embed) reads their index entries, not their bodies", async () => {
		const kinds = (asked: string[]) => new Set(asked.map((p) => p.slice(CONTENT_PATH.length).split("/")[0]));
		const feed = (await (await fetchWith(assets, "/feed/person/joe-russo.json")).json()) as {
			items: { url: string; title: string }[];
		};
		expect(feed.items.length).toBeGreaterThan(1);
		for (const path of ["/people/joe-russo", "/embed/person/joe-russo", "/"]) {
			fresh();
			const { binding, asked } = assetsWith((_, real) => real());
			const res = await fetchWith(binding, path);
			expect(res.status, path).toBe(200);
			const links = await select(await res.text(), "ul.items a");
			expect(links.length, path).toBeGreaterThan(1);
			expect(kinds(asked).has("index"), path).toBe(true);
			expect(kinds(asked).has("bodies"), path).toBe(false);
			// Each link's text is its article's title, as the article's feed item has it.
			if (path !== "/")
				expect(
					links.map((a) => [new URL(a.attrs.href as string, ORIGIN).pathname, a.text]),
					path,
				).toEqual(feed.items.map((i) => [new URL(i.url).pathname, i.title]));
		}
		// Thumbnails show each article's lead image, which its body holds.
		fresh();
		const { binding, asked } = assetsWith((_, real) => real());
		expect((await fetchWith(binding, "/embed/person/joe-russo?thumbnails=1")).status).toBe(200);
		expect(kinds(asked).has("bodies")).toBe(true);
	});

	it("answer an article page and the directory from a fresh isolate", async () => {
		for (const path of [
			"/articles/joe-russo-talks-extraction",
			"/api/people.json",
			"/people",
			"/feeds.opml",
			"/films/extraction-2/people.opml",
		]) {
			fresh();
			const { binding } = assetsWith((_, real) => real());
			const res = await fetchWith(binding, path);
			expect(res.status, path).toBe(200);
		}
	});

	it("a missing file is a 503 in the format asked for, logged with its name, never a feed without it", async () => {
		const logged = vi.spyOn(console, "error").mockImplementation(() => {});
		const missing = assetsWith(async (path, real) =>
			path.includes("/bodies/") ? new Response("Not Found", { status: 404 }) : real(),
		);
		fresh();
		const json = await fetchWith(missing.binding, "/feed/film/extraction-2.json?limit=2");
		expect(json.status, "json").toBe(503);
		expect(json.headers.get("content-type")).toMatch(/^application\/problem\+json/);
		expect(json.headers.get("retry-after")).toBe("60");
		expect(((await json.json()) as { status: number }).status).toBe(503);
		fresh();
		const atom = await fetchWith(missing.binding, "/feed.atom?limit=7");
		expect(atom.status, "atom").toBe(503);
		expect(atom.headers.get("content-type")).toMatch(/^text\/plain/);
		fresh();
		const page = await fetchWith(missing.binding, "/articles/joe-russo-returns-to-write-extraction-2", {
			accept: "text/html",
		});
		expect(page.status, "page").toBe(503);
		expect(page.headers.get("content-type")).toMatch(/^text\/html/);
		const lines = logged.mock.calls.map((call) => String(call[0]));
		expect(
			lines.some((l) => /\/_content\/bodies\/[\w-]+\.bin is missing \(the static assets answered 404\)/.test(l)),
		).toBe(true);
		// Nothing was kept of the failed requests: with the files back, the same requests are whole.
		const { binding } = assetsWith((_, real) => real());
		const again = await fetchWith(binding, "/feed.atom?limit=7");
		expect(again.status).toBe(200);
		expect(parseXml(await again.text()).feed.entry.length).toBeGreaterThan(0);
	});

	it("a corrupt or truncated file is a 503 too, logged with what is wrong", async () => {
		const logged = vi.spyOn(console, "error").mockImplementation(() => {});
		const broken = (change: (bytes: Uint8Array) => Uint8Array) =>
			assetsWith(async (path, real) => {
				const res = await real();
				if (!path.includes("/index/")) return res;
				return new Response(change(new Uint8Array(await res.arrayBuffer())));
			});
		// A byte of every section changed (the newest file's first sections may be empty: the index
		// is cut from the oldest article, see cutFromOldest), its table left as it was.
		const flipped = broken((bytes) => {
			const copy = Uint8Array.from(bytes);
			const view = new DataView(copy.buffer);
			const count = view.getUint32(0, true);
			const table = 4 * (count + 2);
			for (let i = 0; i < count; i++) {
				const [from, to] = [view.getUint32(4 * (i + 1), true), view.getUint32(4 * (i + 2), true)];
				const at = table + from + Math.min(12, (to - from) >> 1);
				copy[at] = (copy[at] as number) ^ 0x5a;
			}
			return copy;
		});
		fresh();
		expect((await fetchWith(flipped.binding, "/feed.json?limit=8")).status).toBe(503);
		const truncated = broken((bytes) => bytes.subarray(0, bytes.byteLength - 3));
		fresh();
		expect((await fetchWith(truncated.binding, "/feed.json?limit=9")).status).toBe(503);
		const lines = logged.mock.calls.map((call) => String(call[0]));
		expect(lines.some((l) => /\/_content\/index\/\S+ section \d+ is corrupt/.test(l))).toBe(true);
		expect(lines.some((l) => /\/_content\/index\/\S+ is \d+ bytes long, but its table says \d+/.test(l))).toBe(true);
	});

	it("are never served to a visitor: the Worker answers 404 there", async () => {
		for (const name of contentFileNames().slice(0, 3)) {
			const res = await served(`${CONTENT_PATH}${name}`);
			expect(res.status, name).toBe(404);
		}
	});
});
