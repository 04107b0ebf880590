import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ByteLru } from "../../src/byte-lru.ts";
import { findEntity } from "../../src/content/index.ts";
import { feedFingerprint, pageOf, plainRequest } from "../../src/feeds/index.ts";
import worker from "../../src/index.ts";
import { ORIGIN } from "./helpers.ts";

const entry = (size: number) => ({ size });

describe("the rendered-feed memo", () => {
	it("is bounded by bytes: the least recently used entries go first", () => {
		const memo = new ByteLru<{ size: number }>(100, 1000);
		memo.set("a", entry(40));
		memo.set("b", entry(40));
		memo.get("a");
		memo.set("c", entry(40));
		expect([memo.get("a"), memo.get("b"), memo.get("c")].map(Boolean)).toEqual([true, false, true]);
		expect(memo.bytes).toBe(80);
	});

	it("is bounded by entries, and never holds one entry larger than its byte bound", () => {
		const memo = new ByteLru<{ size: number }>(1000, 3);
		for (const key of ["a", "b", "c", "d", "e"]) memo.set(key, entry(1));
		expect(memo.size).toBe(3);
		memo.set("huge", entry(1001));
		expect(memo.get("huge")).toBeUndefined();
		expect(memo.bytes).toBe(3);
	});

	it("stays within its bounds under many distinct keys", () => {
		const memo = new ByteLru<{ size: number }>(10_000, 500);
		for (let i = 0; i < 20_000; i++) memo.set(`/feed.json?since=${i}`, entry(1 + (i % 97)));
		expect(memo.bytes).toBeLessThanOrEqual(10_000);
		expect(memo.size).toBeLessThanOrEqual(500);
	});
});

describe("the feed fingerprint behind every ETag", () => {
	const joe = findEntity("person", "joe-russo");
	const req = plainRequest({ type: "person", slug: "joe-russo" }, joe);
	const page = pageOf(req);
	const base = feedFingerprint(req, page, "https://a.example", "json");

	it("changes when an article on the page changes", () => {
		const edited = { ...page, items: page.items.map((a, i) => (i === 1 ? { ...a, rev: `${a.rev}+edit` } : a)) };
		expect(feedFingerprint(req, edited, "https://a.example", "json")).not.toBe(base);
	});

	it("changes when the feed's entity changes, or the origin or format", () => {
		const renamed = { ...req, entity: joe && { ...joe, rev: `${joe.rev}+rename` } };
		expect(feedFingerprint(renamed, page, "https://a.example", "json")).not.toBe(base);
		expect(feedFingerprint(req, page, "https://b.example", "json")).not.toBe(base);
		expect(feedFingerprint(req, page, "https://a.example", "atom")).not.toBe(base);
	});
});

describe("responses answered from the memo", () => {
	// The Worker's own handler, called in this isolate: the Response objects are the ones it made.
	const fetchHere = (path: string, headers?: HeadersInit) =>
		worker.fetch(new Request(new URL(path, ORIGIN), headers ? { headers } : {}), {}, createExecutionContext());

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
