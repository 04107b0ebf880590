/**
 * Feed responses. The request is resolved in the core (src/feeds/resolve.ts: 404, 400); then it
 * is answered from the cheapest place that can: the isolate's memo (no rendering, no hashing); a
 * 304 when the client's validators match (fingerprinted, never rendered); the edge cache; and
 * only then a render, which fills both caches. All feed logic lives in src/feeds; this maps HTTP
 * onto it.
 */
import type { Context } from "hono";
import { makeCache } from "../caches.ts";
import { ContentNeeded, content, type Edition } from "../content/index.ts";
import {
	buildFeed,
	cacheControlAt,
	canonicalSearch,
	type FeedDoc,
	type FeedRequest,
	type FeedScope,
	type Format,
	type Freshness,
	feedFingerprint,
	feedFreshness,
	hubsFor,
	lastModifiedOf,
	PAGING_RELS,
	pageOf,
	paths,
	renderReusingItems,
	resolveEntity,
	resolveFeed,
} from "../feeds/index.ts";
import type { Page } from "../feeds/select.ts";
import { feedPage } from "../pages/feed-page.tsx";
import { type Conditions, conditionsOf, httpDate, isNotModified, type Validators } from "./conditional.ts";
import { PAGE_HEADERS } from "./documents.ts";
import { editionNow, editionOf } from "./edition.ts";
import { orThrow } from "./errors.ts";
import { etagOf } from "./etag.ts";
import type { Scan } from "./guards.ts";
import { preferredFormat } from "./negotiate.ts";
import { originOf } from "./origin.ts";
import { COMMON_HEADERS } from "./shared.ts";

/** A feed URL with no extension redirects to the format the client's Accept header prefers. */
export function negotiateFeed(c: Context, scope: FeedScope): Response {
	const { edition, now } = editionOf(c.req.raw);
	if (scope.type !== "site") orThrow(resolveEntity(edition, scope.type, scope.slug, { feed: true }));
	const format = preferredFormat(c.req.header("accept"));
	const url = new URL(c.req.url);
	return new Response(null, {
		status: 302,
		headers: {
			location: `${url.origin}${paths.feed(scope, format)}${url.search}`,
			vary: "Accept",
			// Before its entity is revealed, this answers 404: it may not outlive that.
			"cache-control": cacheControlAt(now, edition.nextReveal),
		},
	});
}

/**
 * Answers in this isolate, by canonical URL and view: a rendered feed, or only its validators
 * when the feed was answered with a 304 and never rendered here: a reader that revalidates is
 * then answered from here too, with no hash. Bounded in src/caches.ts.
 */
const memo = makeCache<Rendered>("feeds");

/** What a validators-only entry is counted as in the memo's byte bound: its headers, roughly. */
const VALIDATORS_SIZE = 512;

/** Request URLs exactly as received (and the edition), to the memo keys, by view, of the canonical URL they were answered for. */
const byRequestUrl = makeCache<{ format: Format; keys: Record<View, string>; size: number }>("feedUrls");

/** byRequestUrl's key: the URL as received, and the edition while an embargo hides an article (no new string without). */
const requestKey = (requestUrl: string, edition: Edition) =>
	edition.key ? `${requestUrl} ${edition.key}` : requestUrl;

/**
 * What this isolate has done, for tests and benchmarks: renders, fingerprint hashes, and answers
 * from the fast path.
 */
export const feedStats = { renders: 0, hashes: 0, fastPath: 0, memo };

type Rendered = Validators & {
	/** The feed's canonical URL. */
	url: string;
	format: Format;
	view: View;
	lastModified: string;
	/** When the edition it was made from ends (an embargo lifts): its Cache-Control may not reach past it. */
	nextReveal: number | undefined;
	/** How long it may be kept: longer for a feed whose changes hubs push (see feedFreshness). */
	fresh: Freshness;
	/** The feed's bytes; absent when only the validators are known (see the memo). */
	body?: Uint8Array;
	link?: string;
	size: number;
	/**
	 * Prebuilt headers, for a 304, a 200 and a HEAD. Headers objects, not records: a Response copies
	 * one natively, where a record is converted entry by entry.
	 */
	headers: { notModified: Headers; ok: Headers; head: Headers };
};

/**
 * What a feed URL answers with. Feed readers get the feed, byte for byte the same whoever asks.
 * A browser that navigates to an XML feed (Sec-Fetch-Dest: document, which only browsers send,
 * and only for a page they are about to show) gets a page instead: what the feed is, how to
 * subscribe, its items, a way back to the site. Browsers show RSS and Atom as raw text or a
 * download, and are removing XSLT; anything in the feed itself to make it readable (a script, a
 * stylesheet instruction) is in the bytes every reader gets, and Debian's newsboat reads no items
 * from an RSS feed that has an XHTML script in it. JSON Feed is shown as JSON, which browsers
 * display readably and developers expect. The decision is this one header, which every response
 * names in Vary and every cache key holds.
 */
export type View = "feed" | "page";

const viewOf = (format: Format, secFetchDest: string | null): View =>
	secFetchDest === "document" && format.xml ? "page" : "feed";

/**
 * The memo key of a view of a feed in an edition: its canonical URL, the view when it is the page,
 * and the edition when an embargoed article is hidden (so an embargo lifting makes new keys).
 */
const keyOf = (url: string, view: View, edition: Edition) =>
	`${view === "page" ? `${url} page` : url}${edition.key ? ` @${edition.key}` : ""}`;

/**
 * The fast path for a feed this isolate has answered before at this exact URL (a reader polling):
 * no routing, no query parsing, no rendering, no hashing; just the validators and the bytes.
 * Returns undefined for anything else, which then takes the full route.
 */
export function fromMemo(request: Request, requestUrl: string, headers: Scan): Response | undefined {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return undefined;
	let edition: Edition;
	let now: number;
	try {
		({ edition, now } = editionNow());
	} catch (error) {
		// An embargo lifted and its entities are not loaded: the full route loads them.
		if (error instanceof ContentNeeded) return undefined;
		throw error;
	}
	const known = byRequestUrl.get(requestKey(requestUrl, edition));
	const rendered = known && memo.get(known.keys[viewOf(known.format, headers.secFetchDest)]);
	if (!rendered) return undefined;
	const notModified = isNotModified(headers, rendered);
	if (!notModified && !rendered.body) return undefined;
	feedStats.fastPath++;
	return respond(rendered, notModified ? 304 : 200, method, now);
}

/** A feed response: each step answers if it can, from the cheapest. */
export async function feedResponse(c: Context, scope: FeedScope, format: Format): Promise<Response> {
	const { edition, now } = editionOf(c.req.raw);
	const req = orThrow(resolveFeed(edition, scope, new URL(c.req.url).searchParams));
	const target = targetOf(c, req, format, now);
	byRequestUrl.set(requestKey(c.req.url, edition), { format, keys: target.keys, size: 1 });
	const conditions = conditionsOf(c.req.raw.headers);
	const warm = memo.get(target.keys[target.view]);
	if (warm) {
		if (isNotModified(conditions, warm)) return respond(warm, 304, "GET", now);
		if (warm.body) return respond(warm, 200, c.req.method, now);
	}
	const page = pageOf(req);
	const validators = warm ?? (await validatorsOf(req, page, target));
	return (
		notModified(conditions, validators, target) ??
		(await fromEdgeCache(target, validators)) ??
		render(c, req, page, target, validators)
	);
}

/** What a request for a feed is answered for: its canonical URL, the view, the edition, the memo keys. */
type Target = {
	origin: string;
	url: string;
	format: Format;
	view: View;
	edition: Edition;
	now: number;
	/** The memo keys of both views, made once: a string kept is hashed once (V8 keeps its hash). */
	keys: Record<View, string>;
	method: string;
	fresh: Freshness;
};

function targetOf(c: Context, req: FeedRequest, format: Format, now: number): Target {
	const origin = originOf(c);
	const search = canonicalSearch(req.query);
	const url = origin + paths.feed(req.scope, format.name) + search;
	const view = viewOf(format, c.req.raw.headers.get("sec-fetch-dest"));
	const edition = req.edition;
	const fresh = feedFreshness(hubsFor(search));
	const keys = { feed: keyOf(url, "feed", edition), page: keyOf(url, "page", edition) };
	return { origin, url, format, view, edition, now, keys, method: c.req.method, fresh };
}

/** The ETag (the hash of what the bytes are made of) and Last-Modified, without rendering. */
async function validatorsOf(req: FeedRequest, page: Page, t: Target): Promise<Validators & { lastModified: string }> {
	feedStats.hashes++;
	return {
		etag: await etagOf(feedFingerprint(req, page, t.origin, t.format.name, t.view)),
		lastModified: httpDate(lastModifiedOf(req, page, t.now)),
	};
}

/**
 * A 304 when the client's validators match. (Only reached with no memo entry holding the body.)
 * The validators are remembered, so the reader's next revalidation takes the fast path.
 */
function notModified(conditions: Conditions, validators: Validators & { lastModified: string }, t: Target) {
	if (!isNotModified(conditions, validators)) return undefined;
	return respond(remember(t, validators), 304, "GET", t.now);
}

/** The edge cache's copy, if it holds these very bytes (its key is under the revision, so it does unless evicted). */
async function fromEdgeCache(t: Target, validators: Validators & { lastModified: string }) {
	const cached = await edge.get(t);
	if (!cached?.ok || cached.headers.get("etag") !== validators.etag) return undefined;
	const rendered = remember(t, validators, new Uint8Array(await cached.arrayBuffer()), cached.headers.get("link"));
	return respond(rendered, 200, t.method, t.now);
}

/** A feed's validators and headers, and its bytes when they are known, kept in the memo. */
function remember(
	t: Target,
	validators: Validators & { lastModified: string },
	body?: Uint8Array,
	link?: string | null,
): Rendered {
	const rendered = withHeaders({
		...validators,
		url: t.url,
		format: t.format,
		view: t.view,
		nextReveal: t.edition.nextReveal,
		fresh: t.fresh,
		...(body ? { body } : {}),
		size: body ? body.byteLength : VALIDATORS_SIZE,
		...(link ? { link } : {}),
	});
	memo.set(t.keys[t.view], rendered);
	return rendered;
}

const encoder = new TextEncoder();

/** Renders the feed (or the page a browser is shown), and fills the memo and the edge cache. */
function render(
	c: Context,
	req: FeedRequest,
	page: Page,
	t: Target,
	validators: Validators & { lastModified: string },
): Response {
	feedStats.renders++;
	const doc = buildFeed(req, t.origin, page);
	const rendered = remember(t, validators, encoder.encode(renderView(doc, t)), linkHeader(doc, t.format));
	edge.put(c, t, respond(rendered, 200, "GET", t.now));
	return respond(rendered, 200, t.method, t.now);
}

/** The body of a view of a feed: the format's own bytes, or the page a browser is shown. */
const renderView = (doc: FeedDoc, t: Target): string =>
	t.view === "page" ? String(feedPage(t.origin, doc, t.format)) : renderReusingItems(doc, t.format.name);

/**
 * RFC 8288 Link header: the WebSub hubs and the feed's own URL (WebSub § 4: a subscriber finds
 * them in the header whatever the format), and the RFC 5005 paging links in the feed's format.
 */
function linkHeader(doc: FeedDoc, format: Format): string | undefined {
	const links = [
		...(doc.hubs.length
			? [...doc.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${doc.feeds[format.name]}>; rel="self"`]
			: []),
		...PAGING_RELS.flatMap((rel) => {
			const href = doc.paging?.[rel]?.[format.name];
			return href ? [`<${href}>; rel="${rel}"`] : [];
		}),
	];
	return links.length ? links.join(", ") : undefined;
}

/** A rendered feed with its headers built once. */
function withHeaders(r: Omit<Rendered, "headers">): Rendered {
	const common: Record<string, string> = {
		...COMMON_HEADERS,
		etag: r.etag,
		"last-modified": r.lastModified,
		// The feed's one URL, whatever URL asked for it (a reader probing /rss.xml, a query in another order).
		"content-location": r.url,
		"cache-control": cacheControlAt(0, undefined, r.fresh),
		vary: "Accept-Encoding, Sec-Fetch-Dest",
	};
	const ok: Record<string, string> = {
		...common,
		...(r.view === "page" ? PAGE_HEADERS : { "content-type": r.format.contentType }),
		...(r.link ? { link: r.link } : {}),
	};
	// A GET's Content-Length is written by the runtime from its body, as a static file's is; a HEAD
	// has none, so it is said here.
	const head = r.body ? { ...ok, "content-length": String(r.body.byteLength) } : ok;
	return { ...r, headers: { notModified: new Headers(common), ok: new Headers(ok), head: new Headers(head) } };
}

/**
 * A response for a rendered feed: a 304, a 200, or a HEAD's 200 with the same headers and no body.
 * Made at `now`: while an embargoed article is hidden, its Cache-Control ends at the reveal.
 */
function respond(rendered: Rendered, status: 200 | 304, method: string, now: number): Response {
	const bodiless = status === 304 || method === "HEAD";
	let headers = status === 304 ? rendered.headers.notModified : bodiless ? rendered.headers.head : rendered.headers.ok;
	if (rendered.nextReveal !== undefined) {
		headers = new Headers(headers);
		headers.set("cache-control", cacheControlAt(now, rendered.nextReveal, rendered.fresh));
	}
	return bodiless ? new Response(null, { status, headers }) : new Response(rendered.body, { headers });
}

function waitUntil(c: Context, promise: Promise<unknown>): void {
	try {
		c.executionCtx.waitUntil(promise);
	} catch {
		// No execution context (app.request() in a test): nothing to wait for.
	}
}

/**
 * The edge cache key: the canonical URL, under the content and code revision, the view, and the
 * edition while an embargoed article is hidden. The Cache API keys on the URL alone (it ignores
 * Vary but for Accept-Encoding), so the view is in it.
 */
const edgeKey = ({ url, view, edition }: Target) =>
	new Request(
		`${url}${url.includes("?") ? "&" : "?"}__rev=${content.rev}${view === "page" ? "&__view=page" : ""}${edition.key ? `&__edition=${edition.key}` : ""}`,
	);

/**
 * The edge cache (Cache API) is an optimisation: where it is missing or fails (workerd without a
 * cache service answers "No Cache was configured"), the feed is rendered as if it were a miss.
 */
const edge = {
	async get(t: Target): Promise<Response | undefined> {
		try {
			return await caches.default.match(edgeKey(t));
		} catch {
			return undefined;
		}
	},
	put(c: Context, t: Target, response: Response): void {
		try {
			waitUntil(
				c,
				caches.default.put(edgeKey(t), response).catch(() => undefined),
			);
		} catch {
			// No cache here: nothing to fill.
		}
	},
};
