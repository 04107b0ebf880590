import { beforeEach, describe, expect, it } from "vitest";
import { clock } from "../../src/clock.ts";
import { DEPLOY_MARGIN_MS } from "../../src/feeds/index.ts";
import { feedStats } from "../../src/http/feeds.ts";
import { BUILD_NOW, EARLIER_BUILD_NOW } from "../build-clock.ts";
import { get, validators } from "./helpers.ts";

const FEEDS = ["/feed.xml", "/feed.atom", "/feed.json", "/feed/person/tom-holland.json", "/feed/film/extraction-2.xml"];

/** The headers a 304 must repeat (RFC 9110 § 15.4.5), plus CORS. */
const REPEATED = ["etag", "cache-control", "last-modified", "vary", "access-control-allow-origin"];

beforeEach(() => feedStats.memo.clear());

describe("validators on every feed", () => {
	it("carry a strong ETag, and a Last-Modified that is when the build last saw the feed change", async () => {
		for (const path of FEEDS) {
			const { etag, lastModified } = await validators(path);
			expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
			expect(lastModified, path).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		}
		// The fixtures were built without one article (dated 2020-05-04, older than the newest),
		// then with it (test/global-setup.ts): the feeds it is in changed at the second build,
		// although their newest item is still 2020-05-05; the others at the first. A change counts
		// from its build plus the time a deploy takes to go live.
		const live = (build: string) => new Date(Date.parse(build) + DEPLOY_MARGIN_MS).toUTCString();
		const changed = live(BUILD_NOW);
		const unchanged = live(EARLIER_BUILD_NOW);
		const cases: [string, string][] = [
			["/feed.xml", changed],
			["/feed/film/extraction-2.xml", changed],
			["/feed/person/david-harbour.atom", changed],
			["/feed/person/tom-holland.json", unchanged],
			["/feed/film/cherry.xml", unchanged],
			// A filtered feed lists its entities' articles: the latest of their records.
			["/feed.json?person=tom-holland", unchanged],
			["/feed.json?person=tom-holland&film=extraction", changed],
			["/feed/person/tom-holland.atom?film=cherry&limit=1", unchanged],
			["/feed/person/tom-holland.atom?person=david-harbour", changed],
		];
		for (const [path, expected] of cases) expect((await validators(path)).lastModified, path).toBe(expected);
	});

	it("give a reader that sends only If-Modified-Since, by its own clock, an article added with an older date", async () => {
		// Such a reader polled between the two builds and kept its own time of that poll.
		const polled = new Date(Date.parse(EARLIER_BUILD_NOW) + 86_400_000).toUTCString();
		const ims = { "if-modified-since": polled };
		for (const path of ["/feed.xml", "/feed.atom", "/feed/person/joe-russo.json", "/feed/film/extraction-2.xml"]) {
			const res = await get(path, { headers: ims });
			expect(res.status, path).toBe(200);
			expect(await res.text(), path).toContain("extraction-2-already-in-the-works");
		}
		// A feed the article is not in is unchanged for it.
		expect((await get("/feed/person/tom-holland.json", { headers: ims })).status).toBe(304);
	});

	it("give pages, OPML and the directory a Last-Modified of the build that last changed any content", async () => {
		for (const path of ["/", "/people/tom-holland", "/feeds.opml", "/api/people.json"])
			expect((await validators(path)).lastModified, path).toBe(
				new Date(Date.parse(BUILD_NOW) + DEPLOY_MARGIN_MS).toUTCString(),
			);
	});

	it("never send a Last-Modified later than the response: while a deploy may still be going live, it is now", async () => {
		const saved = clock.now;
		try {
			// A request one minute after the build: the change may have gone live a moment ago.
			const now = Date.parse(BUILD_NOW) + 60_000;
			clock.now = () => now;
			for (const path of ["/feed.xml", "/feed/person/joe-russo.json", "/"])
				expect((await validators(path)).lastModified, path).toBe(new Date(now).toUTCString());
			// A feed that did not change in that build keeps its own, earlier, time.
			expect((await validators("/feed/person/tom-holland.json")).lastModified).toBe(
				new Date(Date.parse(EARLIER_BUILD_NOW) + DEPLOY_MARGIN_MS).toUTCString(),
			);
		} finally {
			clock.now = saved;
		}
	});

	it("change exactly when the body's bytes change", async () => {
		const variants = [
			"/feed.json",
			"/feed.json?limit=20",
			"/feed.json?limit=2",
			"/feed.json?limit=1",
			"/feed.json?person=joe-russo",
			"/feed.json?person=joe-russo&person=joe-russo",
			"/feed.json?utm_source=x",
			"/feed.xml",
			"/feed.atom",
			"/feed/person/joe-russo.json",
			"https://mirror.example/feed.json",
		];
		const seen = await Promise.all(
			variants.map(async (path) => {
				const res = await get(path);
				return { path, etag: res.headers.get("etag"), body: await res.text() };
			}),
		);
		for (const a of seen) {
			for (const b of seen) {
				expect(a.etag === b.etag, `${a.path} vs ${b.path}`).toBe(a.body === b.body);
			}
		}
		// Sanity: the list holds both equal and different bodies.
		expect(new Set(seen.map((s) => s.body)).size).toBeGreaterThan(3);
		expect(new Set(seen.map((s) => s.body)).size).toBeLessThan(seen.length);
	});
});

describe("conditional requests", () => {
	it("answer a matching If-None-Match with 304, no body, and the headers a 200 would have", async () => {
		for (const path of FEEDS) {
			const { res, etag } = await validators(path);
			const notModified = await get(path, { headers: { "if-none-match": etag } });
			expect(notModified.status, path).toBe(304);
			expect(await notModified.text()).toBe("");
			for (const header of REPEATED)
				expect(notModified.headers.get(header), `${path} ${header}`).toBe(res.headers.get(header));
		}
	});

	it("match any tag in a list, '*', and weak tags by weak comparison", async () => {
		const { etag } = await validators("/feed.atom");
		for (const value of [`"nope", ${etag}`, `${etag},"other"`, "*", `W/${etag}`, ` W/"x" , W/${etag} `]) {
			expect((await get("/feed.atom", { headers: { "if-none-match": value } })).status, value).toBe(304);
		}
		for (const value of ['"nope"', `${etag.slice(0, -2)}"`, "garbage", ""]) {
			expect((await get("/feed.atom", { headers: { "if-none-match": value } })).status, value).toBe(200);
		}
	});

	it("use If-Modified-Since only without If-None-Match, at one-second resolution", async () => {
		const { lastModified } = await validators("/feed.xml");
		const at = Date.parse(lastModified);
		const ims = (ms: number) => ({ "if-modified-since": new Date(ms).toUTCString() });
		expect((await get("/feed.xml", { headers: ims(at) })).status).toBe(304);
		expect((await get("/feed.xml", { headers: ims(at + 86_400_000) })).status).toBe(304);
		expect((await get("/feed.xml", { headers: ims(at - 1000) })).status).toBe(200);
		expect((await get("/feed.xml", { headers: { "if-modified-since": "yesterday" } })).status).toBe(200);
		// If-None-Match takes precedence: a stale tag means 200 whatever the date says.
		expect((await get("/feed.xml", { headers: { ...ims(at + 86_400_000), "if-none-match": '"stale"' } })).status).toBe(
			200,
		);
	});

	it("answer from the fast path exactly as the full route does, whatever the request's headers", async () => {
		for (const path of ["/feed.atom", "/feed.json?limit=2"]) {
			const { etag, lastModified } = await validators(path);
			const cases: Record<string, string>[] = [
				{},
				{ "if-none-match": etag },
				{ "if-none-match": `W/${etag}` },
				{ "if-none-match": `"stale", ${etag}` },
				{ "if-none-match": "*" },
				{ "if-none-match": '"stale"' },
				{ "if-modified-since": lastModified },
				{ "if-modified-since": "Thu, 01 Jan 2015 00:00:00 GMT" },
				{ "If-None-Match": '"stale"', "If-Modified-Since": lastModified },
				{ "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" },
				{ "sec-fetch-dest": "empty", accept: "*/*", "user-agent": "NetNewsWire" },
			];
			for (const headers of cases) {
				const what = `${path} ${JSON.stringify(headers)}`;
				feedStats.memo.clear();
				const answer = async () => {
					const res = await get(path, { headers });
					const shown = ["content-type", "etag", "last-modified", "vary", "link", "cache-control"];
					return { status: res.status, headers: shown.map((h) => res.headers.get(h)), body: await res.text() };
				};
				const fast = feedStats.fastPath;
				const full = await answer();
				expect(feedStats.fastPath, what).toBe(fast);
				const memoized = await answer();
				expect(feedStats.fastPath, what).toBe(fast + 1);
				expect(memoized, what).toEqual(full);
			}
		}
	});

	it("answer a 304 without rendering the feed, even in an isolate that has not rendered it", async () => {
		const { etag } = await validators("/feed/person/joe-russo.atom?limit=2");
		feedStats.memo.clear();
		const renders = feedStats.renders;
		const res = await get("/feed/person/joe-russo.atom?limit=2", { headers: { "if-none-match": etag } });
		expect(res.status).toBe(304);
		expect(feedStats.renders).toBe(renders);
	});

	it("keep answering a reader's revalidations from the memo after the feed was evicted", async () => {
		const path = "/feed/film/extraction.xml?limit=2";
		const first = await validators(path);
		const body = await first.res.text();
		feedStats.memo.clear();
		const { renders, hashes } = feedStats;
		const revalidate = () => get(path, { headers: { "if-none-match": first.etag } });
		// The first 304 hashes once and remembers the validators; the next ones hash nothing.
		for (let i = 0; i < 3; i++) {
			const res = await revalidate();
			expect(res.status).toBe(304);
			expect(res.headers.get("etag")).toBe(first.etag);
			expect(res.headers.get("last-modified")).toBe(first.lastModified);
		}
		expect([feedStats.renders, feedStats.hashes]).toEqual([renders, hashes + 1]);
		// A request without validators still gets the whole feed (from the edge cache or a render),
		// which the memo then keeps: the next one renders and hashes nothing.
		const seen: number[][] = [];
		for (let i = 0; i < 2; i++) {
			const full = await get(path);
			expect(full.status).toBe(200);
			expect(await full.text()).toBe(body);
			expect(full.headers.get("link")).toBe(first.res.headers.get("link"));
			seen.push([feedStats.renders, feedStats.hashes]);
		}
		expect(seen[1]).toEqual(seen[0]);
		expect(feedStats.hashes).toBe(hashes + 1);
		expect((await revalidate()).status).toBe(304);
		// HEAD after a 304-only history answers like GET, without a body.
		feedStats.memo.clear();
		expect((await revalidate()).status).toBe(304);
		const head = await get(path, { method: "HEAD" });
		expect(head.status).toBe(200);
		expect(head.headers.get("etag")).toBe(first.etag);
		expect(await head.text()).toBe("");
	});
});
