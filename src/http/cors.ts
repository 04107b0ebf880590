/**
 * Cross-origin use: every response, whatever produced it (a handler, an error, a memo or the edge
 * cache), allows any origin, with the validators and paging links readable by scripts, and is
 * nosniff; a preflight is answered here.
 */
import type { MiddlewareHandler } from "hono";
import { ALLOW } from "./methods.ts";
import { COMMON_HEADERS } from "./shared.ts";

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

/** A CORS preflight (OPTIONS): any method reelfeed allows, any header asked for, for a day. */
export const preflight: MiddlewareHandler = async (c, next) => {
	if (c.req.method !== "OPTIONS") return next();
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
};
