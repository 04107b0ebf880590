/**
 * What an isolate's start does before any request, so that the first one does not: V8 compiles a
 * function when it first runs, and a fresh isolate's first feed ran the router's construction and
 * every renderer for the first time (12–16 ms of its CPU at 3 articles, against 2–4 ms once an
 * isolate had answered another feed). Workers run a Worker's global scope apart from its requests
 * (while the first request's TLS handshake is under way), under a startup bound of its own; a
 * Worker cannot answer a request there (creating a Response is not allowed outside a handler), so
 * what runs is what can: the router is built, and a made-up feed (src/feeds/warm.ts) rendered in
 * every format and as the page a browser is shown, through the renderers alone, which keep nothing
 * (not through renderReusingItems, which would keep its items).
 */
import type { Hono } from "hono";
import { FORMAT_NAMES, FORMATS } from "../feeds/formats.ts";
import { paths } from "../feeds/urls.ts";
import { MADE_UP_ORIGIN, madeUpFeed } from "../feeds/warm.ts";
import { feedPage } from "../pages/feed-page.tsx";

export function warmUp(app: Hono): void {
	// Hono builds its router on the first match.
	app.router.match("GET", paths.feed({ type: "site" }, "rss"));
	const doc = madeUpFeed();
	for (const name of FORMAT_NAMES) FORMATS[name].render(doc);
	String(feedPage(MADE_UP_ORIGIN, doc, FORMATS.rss));
}
