import { describe, expect, it } from "vitest";
import { ICONS } from "../../src/feeds/icons.ts";
import { paths } from "../../src/feeds/index.ts";
import { get, ORIGIN, parseXml, select, served, text } from "./helpers.ts";

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
	expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const view = new DataView(bytes.buffer, bytes.byteOffset);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Fetches a URL of this site; it must answer 200 with this type. */
async function fetched(url: string, type: string): Promise<Uint8Array> {
	expect(url.startsWith(ORIGIN), url).toBe(true);
	const res = await served(url.slice(ORIGIN.length));
	expect(res.status, url).toBe(200);
	expect(res.headers.get("content-type"), url).toBe(type);
	return new Uint8Array(await res.arrayBuffer());
}

const png = async (url: string) => pngSize(await fetched(url, "image/png"));

describe("the site's icons", () => {
	it("are linked by every page, and each answers", async () => {
		for (const path of [paths.home(), paths.entity("person", "joe-russo"), paths.directory("film")]) {
			const html = await (await get(path)).text();
			const links = await select(html, 'link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]');
			const hrefs = Object.fromEntries(links.map((l) => [`${l.attrs.rel} ${l.attrs.type ?? ""}`.trim(), l.attrs.href]));
			expect(hrefs).toEqual({
				icon: paths.favicon(),
				"icon image/svg+xml": paths.asset(ICONS.svg.file),
				"apple-touch-icon": paths.asset(ICONS.touch.file),
				manifest: paths.manifest(),
			});
		}
		expect(await png(ORIGIN + paths.asset(ICONS.touch.file))).toEqual({ width: 180, height: 180 });
		const svg = new TextDecoder().decode(
			await fetched(ORIGIN + paths.asset("icon.svg"), "image/svg+xml; charset=utf-8"),
		);
		expect(svg).toContain("<svg");
	});

	it("make /favicon.ico of 16, 32 and 48 pixel images", async () => {
		const ico = await fetched(`${ORIGIN}${paths.favicon()}`, "image/x-icon");
		const view = new DataView(ico.buffer, ico.byteOffset);
		expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 3]);
		const sizes = [0, 1, 2].map((i) => {
			const at = 6 + 16 * i;
			const size = view.getUint32(at + 8, true);
			const offset = view.getUint32(at + 12, true);
			return pngSize(ico.subarray(offset, offset + size)).width;
		});
		expect(sizes).toEqual([16, 32, 48]);
	});

	it("are listed by the web app manifest, at their stated sizes", async () => {
		const res = await get(paths.manifest());
		expect(res.headers.get("content-type")).toBe("application/manifest+json; charset=utf-8");
		const manifest = await res.json<any>();
		expect(manifest).toMatchObject({ name: "reelfeed", start_url: "/", display: "browser" });
		for (const icon of manifest.icons) {
			if (icon.type === "image/svg+xml") continue;
			const { width, height } = await png(ORIGIN + icon.src);
			expect(`${width}x${height}`).toBe(icon.sizes);
		}
		expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(["192x192", "512x512", "any"]);
	});

	it("are carried by every feed: RSS <image> with its size, Atom <icon> and <logo>, JSON Feed icon and favicon", async () => {
		// Tom Holland has no image of his own: his feeds show the site's (see images.test.ts for those that do).
		for (const scope of [{ type: "site" } as const, { type: "person", slug: "tom-holland" } as const]) {
			const rss = parseXml(await (await get(paths.feed(scope, "rss"))).text()).rss.channel;
			const size = await png(text(rss.image.url));
			expect(size).toEqual({ width: Number(text(rss.image.width)), height: Number(text(rss.image.height)) });
			expect(size.width).toBeLessThanOrEqual(144);
			expect(text(rss.image.link)).toBe(text(rss.link));
			const atom = parseXml(await (await get(paths.feed(scope, "atom"))).text()).feed;
			const icon = await png(text(atom.icon));
			expect(icon.width).toBe(icon.height);
			const logo = await png(text(atom.logo));
			expect(logo.width).toBe(2 * logo.height);
			const json = await (await get(paths.feed(scope, "json"))).json<any>();
			expect(await png(json.icon)).toEqual({ width: 512, height: 512 });
			const favicon = await png(json.favicon);
			expect(favicon.width).toBe(favicon.height);
		}
	});

	it("run nothing when opened on their own: assets carry a sandboxing CSP", async () => {
		const res = await get(paths.asset("icon.svg"));
		expect(res.headers.get("content-security-policy")).toContain("sandbox");
		expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
	});
});
