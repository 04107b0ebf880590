import { describe, expect, it } from "vitest";
import { get, page, select } from "./helpers.ts";

describe("embeds", () => {
	it("serve the custom element script, small, to any origin", async () => {
		const res = await get("/embed.js");
		expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
		expect(res.headers.get("access-control-allow-origin")).toBe("*");
		const js = await res.text();
		expect(js).toContain("reelfeed-list");
		expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
		expect(js.length).toBeLessThan(4096);
	});

	it("serve an iframe page that any site may frame, with links that open in the top window", async () => {
		const res = await get("/embed/person/tom-holland");
		expect(res.status).toBe(200);
		expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors \*$/);
		expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
		expect(res.headers.get("x-frame-options")).toBeNull();
		const html = await res.text();
		expect(html).toContain('target="_top"');
		expect(html).toContain("joe-russo-talks-extraction");
		expect((await get("/embed/film/magic-the-gathering")).status).toBe(404);
		expect((await get("/embed/series/the-simpsons")).status).toBe(200);
	});
});

describe("the embed page's theme", () => {
	it("is light by default, and dark or the visitor's system when the embedder asks", async () => {
		const theme = async (query: string) =>
			(await select(await page(`/embed/person/tom-holland${query}`), "html"))[0]?.attrs["data-theme"];
		expect(await theme("")).toBe("light");
		expect(await theme("?theme=dark")).toBe("dark");
		expect(await theme("?theme=auto")).toBe("auto");
		const tags = await Promise.all(
			["", "?theme=dark", "?theme=auto", "?theme=light"].map(async (q) =>
				(await get(`/embed/person/tom-holland${q}`)).headers.get("etag"),
			),
		);
		expect(new Set(tags.slice(0, 3)).size).toBe(3);
		expect(tags[3]).toBe(tags[0]);
	});

	it("answers a theme it does not know with a 400 page that names the three", async () => {
		const res = await get("/embed/person/tom-holland?theme=purple");
		expect(res.status).toBe(400);
		expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
		expect((await select(await res.text(), "main p"))[0]?.text).toBe(
			'theme must be light, dark, auto (default light); "purple" is not one.',
		);
	});

	it("is offered in the snippet's explanation", async () => {
		// That the snippets show whole is checked in Chromium (test/browser), where it can be seen.
		const html = await page("/people/joe-russo");
		expect(html).toContain("<code>?theme=dark</code>");
		expect(html).toContain("<code>?theme=auto</code>");
	});
});
