import { createExecutionContext, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { feedStats } from "../../src/http/feeds.ts";
import worker from "../../src/index.ts";
import { get, inContext, ORIGIN, slowCachePuts, validators } from "./helpers.ts";

beforeEach(() => feedStats.memo.clear());

describe("responses answered from the memo", () => {
	// The Worker's own handler, called in this isolate: the Response objects are the ones it made.
	const fetchHere = (path: string, headers?: HeadersInit) =>
		worker.fetch(new Request(new URL(path, ORIGIN), headers ? { headers } : {}), env, createExecutionContext());

	it("share no headers object: changing one response's headers leaves the next untouched", async () => {
		const first = await fetchHere("/feed.atom");
		const again = await fetchHere("/feed.atom");
		again.headers.set("x-changed", "yes");
		again.headers.delete("etag");
		const notModified = await fetchHere("/feed.atom", { "if-none-match": first.headers.get("etag") as string });
		notModified.headers.set("x-changed", "yes");
		const third = await fetchHere("/feed.atom");
		const fourth = await fetchHere("/feed.atom", { "if-none-match": first.headers.get("etag") as string });
		for (const res of [third, fourth]) {
			expect(res.headers.get("x-changed")).toBeNull();
			expect(res.headers.get("etag")).toBe(first.headers.get("etag"));
		}
		expect([notModified.status, third.status, fourth.status]).toEqual([304, 200, 304]);
	});
});

describe("the memo and the edge cache", () => {
	it("serve a warm request from the memo, rendering and hashing nothing", async () => {
		await validators("/feed.json?limit=3");
		const { renders, hashes } = feedStats;
		expect((await get("/feed.json?limit=3")).status).toBe(200);
		expect((await get("/feed.json?limit=3&utm_campaign=z")).status).toBe(200);
		expect([feedStats.renders, feedStats.hashes]).toEqual([renders, hashes]);
	});

	it("serve a feed from the edge cache after the isolate's memo is gone, without rendering", async () => {
		// cache.put runs after the response, under waitUntil: wait until that has settled, with a
		// cache slow enough that a put not given to waitUntil would not have finished by then.
		slowCachePuts();
		const here = inContext();
		const first = await here.get("/feed/film/cherry.json");
		expect(first.status).toBe(200);
		const body = await first.text();
		await here.settled();
		feedStats.memo.clear();
		const renders = feedStats.renders;
		const again = await get("/feed/film/cherry.json");
		expect(await again.text()).toBe(body);
		expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
		expect(again.headers.get("access-control-allow-origin")).toBe("*");
		expect(feedStats.renders).toBe(renders);
		// An equivalent URL is the same cache entry.
		feedStats.memo.clear();
		const equivalent = await get("/feed/film/cherry.json?limit=20&utm_source=newsletter");
		expect(await equivalent.text()).toBe(body);
		expect(feedStats.renders).toBe(renders);
	});
});

describe("caching headers", () => {
	it("let readers reuse a feed for an hour (hubs push every change; 5 minutes without), shared caches too, stale for a day while revalidating", async () => {
		// The fixtures name WebSub hubs (see websub.test.ts); pages keep 5 minutes.
		const { res } = await validators("/feed.xml");
		expect(res.headers.get("cache-control")).toBe("public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400");
		expect((await validators("/")).res.headers.get("cache-control")).toBe(
			"public, max-age=300, s-maxage=3600, stale-while-revalidate=86400",
		);
		expect(res.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest");
	});

	it("give RSS a ttl that agrees with max-age", async () => {
		const body = await (await get("/feed.xml")).text();
		expect(body).toContain("<ttl>60</ttl>");
	});
});
