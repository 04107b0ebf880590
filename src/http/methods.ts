/** reelfeed is read-only: GET and HEAD, and OPTIONS for preflights (see cors.ts); anything else is a 405. */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.ts";

export const ALLOW = "GET, HEAD, OPTIONS";

export const readOnly: MiddlewareHandler = async (c, next) => {
	const method = c.req.method;
	if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
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
