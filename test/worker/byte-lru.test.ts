import { describe, expect, it } from "vitest";
import { ByteLru } from "../../src/byte-lru.ts";

const entry = (size: number) => ({ size });

describe("ByteLru, the store behind every memo", () => {
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
