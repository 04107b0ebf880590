import { beforeEach, describe, expect, it } from "vitest";
import { feedStats } from "../../src/http/feeds.ts";
import { get } from "./helpers.ts";

const FEEDS = ["/feed.xml", "/feed.atom", "/feed.json", "/feed/person/tom-holland.json", "/feed/film/extraction-2.xml"];

beforeEach(() => feedStats.memo.clear());

describe("methods", () => {
	it("answer anything but GET, HEAD and OPTIONS with 405 and Allow, in the format asked for", async () => {
		for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
			const json = await get("/feed.json", { method });
			expect(json.status).toBe(405);
			expect(json.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
			expect(await json.json<any>()).toMatchObject({ status: 405, title: "Method Not Allowed" });
			const text = await get("/feed.xml", { method });
			expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
			expect(await text.text()).toContain(`${method} is not allowed here`);
		}
	});
});

describe("HEAD", () => {
	it("answers exactly like GET, without a body, with the Content-Length of GET's body", async () => {
		const paths = [
			...FEEDS,
			"/",
			"/people/joe-russo",
			"/feeds.opml",
			"/favicon.ico",
			"/feed/person/nobody.json",
			"/people/nobody",
			"/feed.json?limit=0",
		];
		for (const path of paths) {
			const variants: Record<string, string>[] = [{}, { "sec-fetch-dest": "document" }];
			for (const headers of variants) {
				// Twice: the first may render, the second comes from the memo's fast path.
				for (let i = 0; i < 2; i++) {
					const getRes = await get(path, { headers });
					const body = new Uint8Array(await getRes.arrayBuffer());
					const head = await get(path, { method: "HEAD", headers });
					expect(head.status, path).toBe(getRes.status);
					expect(await head.text(), path).toBe("");
					expect(head.headers.get("content-length"), path).toBe(String(body.byteLength));
					// A feed's GET leaves its Content-Length to the runtime, which writes it on the wire
					// (test/server/on-the-wire.test.ts); where the Worker writes one, it is the body's.
					const length = getRes.headers.get("content-length");
					if (length !== null) expect(length, path).toBe(String(body.byteLength));
					for (const name of [
						"content-type",
						"etag",
						"last-modified",
						"cache-control",
						"access-control-allow-origin",
						"link",
					]) {
						expect(head.headers.get(name), `${path} ${name}`).toBe(getRes.headers.get(name));
					}
				}
			}
		}
	});
});
