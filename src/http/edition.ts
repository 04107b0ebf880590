/**
 * The edition a request is answered from: the content as it may be seen at the request's time
 * (src/clock.ts), taken once per request, so every part of one response (its ETag, its body, its
 * lifetime) is made from the same visible set, even at the instant an embargo lifts.
 */
import type { Context } from "hono";
import { clock } from "../clock.ts";
import { type Edition, editionAt } from "../content/index.ts";

const taken = new WeakMap<Request, { edition: Edition; now: number }>();

/** The request's instant and edition, the same each time it is asked for one request. */
export function editionOf(request: Request): { edition: Edition; now: number } {
	let found = taken.get(request);
	if (!found) {
		found = editionNow();
		taken.set(request, found);
	}
	return found;
}

/** The instant and its edition, not remembered: for an answer made from them alone (the feeds' fast path). */
export function editionNow(): { edition: Edition; now: number } {
	const now = clock.now();
	return { edition: editionAt(now), now };
}

/** The edition a route answers from. */
export const editionFor = (c: Context): Edition => editionOf(c.req.raw).edition;
