/**
 * What an isolate's start does before any request, so that the first one does not: V8 compiles a
 * function when it first runs, and a fresh isolate's first feed ran the router's construction and
 * every renderer for the first time (12–16 ms of its CPU at 3 articles, against 2–4 ms once an
 * isolate had answered another feed). Workers run a Worker's global scope apart from its requests
 * (while the first request's TLS handshake is under way), under a startup bound of its own, where
 * no I/O is allowed and no Response with a body can be made. So what runs is what can:
 * - `warmUp`: the router is built, and a made-up feed (src/feeds/warm.ts) rendered in every format
 *   and as the page a browser is shown, through the renderers alone, which keep nothing (not
 *   through renderReusingItems, which would keep its items);
 * - `warmShell`: the Worker's own handler runs on a few made-up requests (a feed, a page, an
 *   article, the directory, the home page, robots.txt, a page that is not there), each as far as it
 *   goes before it needs a content file, which it cannot load there: the HTTP shell's checks,
 *   routing, resolving and the responses of those that need none, compiled before the first
 *   request rather than in it (3–4 ms of a first request's CPU at 10,000 articles).
 */
import type { Hono } from "hono";
import { clearCaches } from "../caches.ts";
import { contentFiles } from "../content/index.ts";
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

/** The made-up requests `warmShell` runs: the kinds of first request an isolate gets. */
export const WARM_PATHS = [
	paths.robots(),
	paths.feed({ type: "site" }, "rss"),
	paths.feed({ type: "person", slug: "warm-up" }, "rss"),
	paths.entity("person", "warm-up"),
	paths.embed("person", "warm-up"),
	paths.article("warm-up"),
	paths.api("person"),
	paths.home(),
	"/warm-up/nothing-here",
] as const;

/** Where a warm-up request stops: its first read of a content file. */
class WarmUpStop extends Error {}

/** How each warm-up request ended: its status, "stopped" (it needed a content file), or the error it threw. */
export type WarmOutcome = { path: string; ended: number | "stopped" | Error };

type Handler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/**
 * Runs `handler` (the Worker's fetch) on WARM_PATHS, in an isolate that has loaded no content file
 * (at its start, the only place it is called from outside tests): its ASSETS binding stops each
 * request at its first file, and its responses are made without their bodies, which the global
 * scope forbids. Every cache is emptied after, so nothing of it is kept; an error is returned, not
 * thrown, so that the Worker starts whatever happens here.
 */
export async function warmShell(handler: Handler): Promise<WarmOutcome[]> {
	if (contentFiles.bytes > 0) return [];
	const Real = globalThis.Response;
	class Bodiless extends Real {
		constructor(_body?: BodyInit | null, init?: ResponseInit) {
			super(null, init);
		}
	}
	const env = {
		ASSETS: {
			fetch: () => {
				throw new WarmUpStop();
			},
		},
	} as unknown as Env;
	const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
	const outcomes: WarmOutcome[] = [];
	globalThis.Response = Bodiless;
	try {
		for (const path of WARM_PATHS) {
			try {
				const res = await handler(new Request(MADE_UP_ORIGIN + path), env, ctx);
				outcomes.push({ path, ended: res.status });
			} catch (error) {
				outcomes.push({ path, ended: error instanceof WarmUpStop ? "stopped" : (error as Error) });
			}
		}
	} finally {
		globalThis.Response = Real;
		clearCaches();
	}
	return outcomes;
}
