/**
 * What every response carries, whatever produced it (a handler, an error, a memo or the edge
 * cache): CORS for any origin, with the validators and paging links readable by scripts, and
 * nosniff. Also the method rules: OPTIONS answered here, anything but GET, HEAD and OPTIONS a 405.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.ts";

const ALLOW = "GET, HEAD, OPTIONS";

export const COMMON_HEADERS: Record<string, string> = {
	"access-control-allow-origin": "*",
	"access-control-expose-headers": "ETag, Last-Modified, Link",
	"x-content-type-options": "nosniff",
};

export const commonHeaders: MiddlewareHandler = async (c, next) => {
	await next();
	// Responses from the Cache API have immutable headers; a copy does not.
	const res = new Response(c.res.body, c.res);
	for (const [name, value] of Object.entries(COMMON_HEADERS)) res.headers.set(name, value);
	c.res = res;
};

export const methods: MiddlewareHandler = async (c, next) => {
	const method = c.req.method;
	if (method === "OPTIONS") {
		const requested = c.req.header("access-control-request-headers");
		return new Response(null, {
			status: 204,
			headers: {
				allow: ALLOW,
				"access-control-allow-methods": ALLOW,
				...(requested ? { "access-control-allow-headers": requested } : {}),
				"access-control-max-age": "86400",
				vary: "Access-Control-Request-Headers",
			},
		});
	}
	if (method !== "GET" && method !== "HEAD") {
		throw new HttpError(
			405,
			"Method Not Allowed",
			`${method} is not allowed here: reelfeed is read-only (${ALLOW}).`,
			{},
			{ allow: ALLOW },
		);
	}
	await next();
};

/**
 * Every path is lowercase with no trailing slash; an uppercase or trailing-slash variant gets a
 * 301 to that canonical form (same origin, same query), so each resource has one URL to cache.
 */
export const canonicalPaths: MiddlewareHandler = async (c, next) => {
	const url = new URL(c.req.url);
	const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") || "/" : url.pathname;
	const canonical = path.toLowerCase();
	if (canonical !== url.pathname) {
		return new Response(null, { status: 301, headers: { location: `${url.origin}${canonical}${url.search}` } });
	}
	await next();
};
