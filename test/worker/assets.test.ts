import { describe, expect, it } from "vitest";
import { get } from "./helpers.ts";

describe("assets", () => {
	it("are served with a type, an ETag and 304s", async () => {
		for (const name of ["site.css", "copy.js", "embed.js", "icon.svg"]) {
			const res = await get(`/assets/${name}`);
			expect(res.status, name).toBe(200);
			const etag = res.headers.get("etag") as string;
			expect((await get(`/assets/${name}`, { headers: { "if-none-match": etag } })).status).toBe(304);
		}
		expect((await get("/assets/nope.js")).status).toBe(404);
	});

	it("are looked up by their own names only, never an object's inherited properties", async () => {
		for (const name of ["constructor", "__proto__", "__definegetter__"]) {
			const res = await get(`/assets/${name}`);
			expect(res.status, name).toBe(404);
			expect(res.headers.get("content-type"), name).toBe("text/plain; charset=utf-8");
		}
	});

	it("include /favicon.ico, an ICO of PNG images the pages link with the SVG icon", async () => {
		const res = await get("/favicon.ico");
		expect(res.status).toBe(200);
		expect(res.headers.get("content-type")).toBe("image/x-icon");
		const bytes = new Uint8Array(await res.arrayBuffer());
		const view = new DataView(bytes.buffer);
		// ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image.
		expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0, 1]);
		const count = view.getUint16(4, true);
		expect(count).toBeGreaterThanOrEqual(2);
		for (let i = 0; i < count; i++) {
			const size = view.getUint8(6 + 16 * i);
			const offset = view.getUint32(6 + 16 * i + 12, true);
			// Each image is a PNG whose header says the size the directory does.
			expect([...bytes.subarray(offset, offset + 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
			expect(view.getUint32(offset + 16)).toBe(size);
		}
		const svg = await (await get("/assets/icon.svg")).text();
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		const home = await (await get("/")).text();
		expect(home).toContain('<link rel="icon" href="/favicon.ico" sizes="48x48"/>');
		expect(home).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml"/>');
	});
});
