/**
 * Responses for pages, OPML and the directory API: built from the edition of the content the
 * request may see, so their ETag is the code revision and the visible content's fingerprint with
 * the origin, path and variant, known before rendering, and their Last-Modified the moment the
 * build last saw any of the content change, or the newest visible article's time if later (an
 * embargo lifted since).
 */
import type { Context } from "hono";
import { makeCache } from "../caches.ts";
import { content, contentChanged, type Edition, latest } from "../content/index.ts";
import { cacheControlAt, lastModifiedAt } from "../feeds/index.ts";
import { conditionsOf, httpDate, isNotModified } from "./conditional.ts";
import { editionOf } from "./edition.ts";
import { etagOf } from "./etag.ts";
import { originOf } from "./origin.ts";

/** ETags already computed, by origin, path and variant: a page's ETag is hashed once per isolate. */
const etags = makeCache<{ etag: string; size: number }>("documentTags");

/** When the build last saw any of the content change: the revision's record or the content's. */
const RECORDED = latest([contentChanged.revision, contentChanged.content]) as string;

const encoder = new TextEncoder();

/**
 * A document's response, its body rendered from the request's edition. `variant` names what else
 * than the path the body depends on (the embed page's theme), in canonical form; it is part of the
 * ETag.
 */
export async function documentResponse(
	c: Context,
	contentType: string,
	render: (edition: Edition) => string | Promise<string>,
	extra: Record<string, string> = {},
	variant = "",
): Promise<Response> {
	const { edition, now } = editionOf(c.req.raw);
	const key = `${originOf(c)}${new URL(c.req.url).pathname}${variant}`;
	let etag = etags.get(`${key} ${edition.key}`)?.etag;
	if (etag === undefined) {
		// The visible content's fingerprint as well as the code and site revision: a deploy that
		// changes only articles or registries changes every page, and so does an embargo lifting;
		// an article still hidden changes none.
		etag = await etagOf(JSON.stringify([content.rev, edition.fingerprint, key]));
		etags.set(`${key} ${edition.key}`, { etag, size: 1 });
	}
	const lastModified = httpDate(lastModifiedAt(RECORDED, edition.updated, now));
	const validators = { etag, lastModified };
	const typed = contentType === HTML ? PAGE_HEADERS : { "content-type": contentType };
	const headers = {
		etag,
		"last-modified": lastModified,
		"cache-control": cacheControlAt(now, edition.nextReveal),
		...extra,
	};
	if (isNotModified(conditionsOf(c.req.raw.headers), validators)) return new Response(null, { status: 304, headers });
	const body = encoder.encode(await render(edition));
	// HEAD carries the Content-Length a GET would (RFC 9110 § 9.3.2).
	return new Response(c.req.method === "HEAD" ? null : body, {
		headers: { ...typed, ...headers, "content-length": String(body.byteLength) },
	});
}

export const HTML = "text/html; charset=utf-8";

/**
 * Pages run no inline script or style, and load only their own stylesheet and scripts: a strict
 * Content-Security-Policy, so even markup that got past the sanitizer could not run. Images may
 * come from anywhere (articles link them); forms (/follow) and the manifest only to and from the
 * site; nothing may frame a page but the embed page.
 */
export const pageCsp = (frameAncestors = "'none'") =>
	`default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: http: data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors ${frameAncestors}`;

/**
 * What every HTML response carries: its type, the strict CSP, and a Referrer-Policy that sends
 * other sites the origin alone (never a page's path or query) and nothing over plain HTTP.
 */
export const PAGE_HEADERS: Record<string, string> = {
	"content-type": HTML,
	"content-security-policy": pageCsp(),
	"referrer-policy": "strict-origin-when-cross-origin",
};

export const JSON_TYPE = "application/json; charset=utf-8";
export const XML = "application/xml; charset=utf-8";
export const TEXT = "text/plain; charset=utf-8";
/** OPML has no registered media type; text/x-opml is what readers and opml.org use. */
export const OPML = "text/x-opml; charset=utf-8";
