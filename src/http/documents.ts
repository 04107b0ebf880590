/**
 * Responses for pages, OPML and the directory API: built from the compiled content, so their
 * ETag is the content and code revision with the origin and path, known before rendering, and
 * their Last-Modified the newest change in the content.
 */
import type { Context } from "hono";
import { ByteLru } from "../byte-lru.ts";
import { content, contentUpdated } from "../content/index.ts";
import { CACHE_CONTROL, etagOf } from "../feeds/index.ts";
import { conditionsOf, httpDate, isNotModified } from "./conditional.ts";
import { originOf } from "./origin.ts";

/** ETags already computed, by origin and path: a page's ETag is hashed once per isolate. */
const etags = new ByteLru<{ etag: string; size: number }>(10_000, 10_000);

export async function documentResponse(
	c: Context,
	contentType: string,
	render: () => string | Promise<string>,
	extra: Record<string, string> = {},
): Promise<Response> {
	const key = `${originOf(c)}${new URL(c.req.url).pathname}`;
	let etag = etags.get(key)?.etag;
	if (etag === undefined) {
		etag = await etagOf(JSON.stringify([content.rev, key]));
		etags.set(key, { etag, size: 1 });
	}
	const validators = { etag, lastModified: httpDate(contentUpdated) };
	const csp: Record<string, string> = contentType === HTML ? { "content-security-policy": pageCsp() } : {};
	const headers = { etag, "last-modified": validators.lastModified, "cache-control": CACHE_CONTROL, ...csp, ...extra };
	if (isNotModified(conditionsOf(c.req.raw.headers), validators)) return new Response(null, { status: 304, headers });
	return new Response(await render(), { headers: { ...headers, "content-type": contentType } });
}

export const HTML = "text/html; charset=utf-8";

/**
 * Pages run no inline script or style, and load only their own stylesheet and scripts: a strict
 * Content-Security-Policy, so even markup that got past the sanitizer could not run. Images may
 * come from anywhere (articles link them); nothing may frame a page but the embed page.
 */
export const pageCsp = (frameAncestors = "'none'") =>
	`default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: http: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors}`;
export const JSON_TYPE = "application/json; charset=utf-8";
/** OPML has no registered media type; text/x-opml is what readers and opml.org use. */
export const OPML = "text/x-opml; charset=utf-8";
