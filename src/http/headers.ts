/**
 * What every response carries, whatever produced it (a handler, an error, a memo or the edge
 * cache): CORS for any origin, with the validators and paging links readable by scripts, and
 * nosniff. Also the method rules (OPTIONS answered here, anything but GET, HEAD and OPTIONS a
 * 405) and the URL rules: one canonical path per resource, and a 400 for a URL that does not parse.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.ts";
import { COMMON_HEADERS, INVALID_HOST } from "./shared.ts";

const ALLOW = "GET, HEAD, OPTIONS";

export const commonHeaders: MiddlewareHandler = async (c, next) => {
	await next();
	try {
		for (const [name, value] of Object.entries(COMMON_HEADERS)) c.res.headers.set(name, value);
	} catch {
		// Responses from the Cache API have immutable headers; a copy does not. (Only those are
		// copied: a copy's body is a stream of unknown length, sent without Content-Length.)
		const res = new Response(c.res.body, c.res);
		for (const [name, value] of Object.entries(COMMON_HEADERS)) res.headers.set(name, value);
		c.res = res;
	}
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

/** A 400 for a request whose URL does not parse, which an invalid Host header makes; else undefined. */
export function unparseableUrl(request: Request): HttpError | undefined {
	if (URL.canParse(request.url)) return undefined;
	return new HttpError(400, "Bad Request", INVALID_HOST);
}

const HEX = /^[0-9A-Fa-f]{2}$/;
/** RFC 3986 § 2.3: characters a URL never needs to percent-encode. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * The canonical form of a path, in one pass (linear in its length, whatever it holds):
 * percent-encoded unreserved characters decoded (RFC 3986 § 6.2.2.2: `joe%2Drusso` is
 * `joe-russo`), other percent-encodings in upper case (§ 6.2.2.1), letters in lower case, runs of
 * slashes collapsed, and no trailing slash.
 */
export function canonicalPath(path: string): string {
	let out = "";
	for (let i = 0; i < path.length; i++) {
		let ch = path[i] as string;
		if (ch === "%" && HEX.test(path.slice(i + 1, i + 3))) {
			const decoded = String.fromCharCode(Number.parseInt(path.slice(i + 1, i + 3), 16));
			i += 2;
			if (!UNRESERVED.test(decoded)) {
				out += `%${path.slice(i - 1, i + 1).toUpperCase()}`;
				continue;
			}
			ch = decoded;
		}
		if (ch === "/" && out.endsWith("/")) continue;
		out += ch.toLowerCase();
	}
	return out.length > 1 && out.endsWith("/") ? out.slice(0, -1) : out;
}

/**
 * Every path is in its canonical form (see canonicalPath); any other spelling of it gets a 301
 * to that form (same origin, same query), so each resource has one URL to cache.
 */
export const canonicalPaths: MiddlewareHandler = async (c, next) => {
	const url = new URL(c.req.url);
	const canonical = canonicalPath(url.pathname);
	if (canonical !== url.pathname) {
		return new Response(null, { status: 301, headers: { location: `${url.origin}${canonical}${url.search}` } });
	}
	await next();
};
