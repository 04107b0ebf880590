import { readdirSync } from "node:fs";
import { request } from "node:http";
import { join, relative } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFor } from "../../scripts/worker-config.ts";
import { CONTENT_PATH } from "../../src/content/files.ts";
import { bundleServer, devServer } from "./servers.ts";

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** One request over HTTP with exactly these headers, the body as sent (not decoded). */
function raw(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
	const url = new URL(path, base);
	return new Promise((done, fail) => {
		const req = request(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
			(res) => {
				const chunks: Buffer[] = [];
				res.on("data", (c: Buffer) => chunks.push(c));
				res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			},
		);
		req.on("error", fail);
		req.end();
	});
}

const FEEDS = ["/feed.xml", "/feed.atom", "/feed.json", "/feed/person/joe-russo.atom", "/feed/film/extraction.json"];
const OTHERS = ["/", "/people/joe-russo", "/feeds.opml", "/api/people.json", "/people/nobody", "/favicon.ico"];

for (const [name, start] of [
	["npm start (wrangler dev behind its proxy)", devServer],
	["the deploy bundle under workerd serve", bundleServer],
] as const) {
	describe(name, () => {
		let server: { url: string; content: string; close(): Promise<void> };
		beforeAll(async () => {
			server = await start();
		}, 120_000);
		afterAll(() => server?.close());

		it("answers a reader's poll 200 → 304 → 200 with gzip accepted, the 304 with no content coding", async () => {
			for (const path of FEEDS) {
				const gzip = { "accept-encoding": "gzip, deflate, br" };
				const first = await raw(server.url, path, gzip);
				expect(first.status, path).toBe(200);
				const etag = first.headers.etag as string;
				const revalidated = await raw(server.url, path, { ...gzip, "if-none-match": etag });
				expect(revalidated.status, path).toBe(304);
				expect(revalidated.body.byteLength, path).toBe(0);
				expect(revalidated.headers["content-encoding"], path).toBeUndefined();
				expect(revalidated.headers.etag, path).toBe(etag);
				const again = await raw(server.url, path, gzip);
				expect(again.status, path).toBe(200);
				expect(again.headers["content-encoding"], path).toBe(first.headers["content-encoding"]);
				expect(again.body.equals(first.body), path).toBe(true);
			}
		});

		it("gives HEAD the Content-Length of GET, with and without gzip", async () => {
			for (const path of [...FEEDS, ...OTHERS]) {
				const variants: Record<string, string>[] = [
					{},
					{ "accept-encoding": "gzip" },
					{ "sec-fetch-dest": "document" },
				];
				for (const headers of variants) {
					const get = await raw(server.url, path, headers);
					const head = await raw(server.url, path, headers, "HEAD");
					const what = `${path} ${JSON.stringify(headers)}`;
					expect(head.status, what).toBe(get.status);
					expect(get.headers["content-length"], what).toBe(String(get.body.byteLength));
					expect(head.headers["content-length"], what).toBe(get.headers["content-length"]);
					expect(head.headers["content-encoding"], what).toBe(get.headers["content-encoding"]);
					expect(head.body.byteLength, what).toBe(0);
				}
			}
		});

		it("answers a Host header that is no host name with a 400 that carries CORS, never a 500", async () => {
			for (const host of ["a b", "exa mple.org", "[::1", "%%", "a/b", "u@h"]) {
				const res = await raw(server.url, "/feed.xml", { host });
				expect(res.status, host).toBe(400);
				expect(res.headers["access-control-allow-origin"], host).toBe("*");
				expect(res.body.toString(), host).toContain("Host header is not a valid host name");
			}
		});

		// The deploy bundle alone has no static assets: Cloudflare serves them beside it, as wrangler dev does.
		if (start === devServer)
			it("serves every image a feed names from the static assets, at its stated size, cached for a year", async () => {
				const feed = await raw(server.url, "/feed.json");
				const items = JSON.parse(feed.body.toString()).items as { _reelfeed: { image?: any } }[];
				const images = items.flatMap((i) =>
					i._reelfeed.image ? [i._reelfeed.image, i._reelfeed.image.thumbnail] : [],
				);
				const local = images.filter((i) => i.url.startsWith(server.url));
				expect(local.length).toBeGreaterThanOrEqual(2);
				for (const image of local) {
					const res = await raw(server.url, new URL(image.url).pathname);
					expect(res.status, image.url).toBe(200);
					expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
					expect(res.headers["content-type"]).toBe("image/jpeg");
					const meta = await sharp(res.body).metadata();
					expect([meta.format, meta.width, meta.height], image.url).toEqual(["jpeg", image.width, image.height]);
				}
				// The _headers file is configuration, not a file of the site.
				expect((await raw(server.url, "/_headers")).status).toBe(404);
			});

		if (start === devServer)
			it("never serves the content's files, which the Worker reads from the static assets: it answers 404 there", async () => {
				const { out } = configFor(server.content);
				const names = readdirSync(join(out, "public", CONTENT_PATH), { recursive: true, withFileTypes: true })
					.filter((f) => f.isFile())
					.map((f) => relative(join(out, "public"), join(f.parentPath, f.name)));
				// Bodies of every article, the embargoed one's too.
				expect(names.some((n) => n.startsWith("_content/bodies/"))).toBe(true);
				for (const name of names) {
					const res = await raw(server.url, `/${name}`);
					expect(res.status, name).toBe(404);
					expect(res.body.toString(), name).not.toContain("Golshifteh");
				}
			});
	});
}
