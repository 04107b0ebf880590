import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sharedDeflate } from "../../scripts/compiler/deflate.ts";

/** Sections like the bodies': prose of a few to a few hundred kilobytes, seeded. */
function sections(count: number, seed: number): string[] {
	const words = ["the", "film", "Joe Russo", "sequel", "premiere", "Netflix", "<p>", "</p>", "director", "é"];
	let state = seed;
	const next = () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state;
	};
	return Array.from({ length: count }, () =>
		Array.from({ length: 2_000 + (next() % 40_000) }, () => words[next() % words.length]).join(" "),
	);
}

describe("content files compressed by two threads", () => {
	it("gives the bytes one thread gives, in order, sharing only what is large, after the first few", async () => {
		const { deflate, close, shared } = sharedDeflate(2);
		try {
			for (const [count, seed] of [
				[3, 11],
				[3, 12],
				[2, 13],
				[4, 14],
				[9, 1],
				[2, 2],
				[16, 3],
			] as const) {
				const texts = sections(count, seed);
				const bytes = deflate(texts, 6);
				expect(bytes.map((b) => Buffer.from(b).toString("base64"))).toEqual(
					texts.map((text) => deflateSync(text, { level: 6 }).toString("base64")),
				);
				expect(bytes.map((b) => inflateSync(b).toString())).toEqual(texts);
			}
			expect(shared()).toBe(3);
			// A few short sections are compressed here: a second thread would cost more.
			expect(deflate(["a", "b", "c"], 9).map((b) => inflateSync(b).toString())).toEqual(["a", "b", "c"]);
			expect(shared()).toBe(3);
		} finally {
			await close();
		}
	});

	it("says so when compressing fails, and the next call still gets its own answer", async () => {
		const { deflate, close } = sharedDeflate(2);
		try {
			const texts = sections(4, 7);
			for (let i = 0; i < 4; i++) deflate(texts, 1);
			expect(() => deflate(texts, 42)).toThrow(/level/);
			const bytes = deflate(texts, 1);
			expect(bytes.map((b) => inflateSync(b).toString())).toEqual(texts);
			expect(Buffer.from(bytes[3] as Uint8Array)).toEqual(deflateSync(texts[3] as string, { level: 1 }));
		} finally {
			await close();
		}
	});

	it("compresses alone with one core", () => {
		const { deflate, shared } = sharedDeflate(1);
		const texts = sections(6, 9);
		expect(deflate(texts, 6).map((b) => inflateSync(b).toString())).toEqual(texts);
		expect(shared()).toBe(0);
	});
});
