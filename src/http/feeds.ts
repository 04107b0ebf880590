/**
 * Feed responses. In order: resolve the URL (404), parse the query (400), then answer from the
 * cheapest place that can: the isolate's memo (no rendering, no hashing); a 304 when the
 * client's validators match (fingerprinted, never rendered); the edge cache; and only then a
 * render, which fills both caches. All feed logic lives in src/feeds; this maps HTTP onto it.
 */
import type { Context } from "hono";
import { ByteLru } from "../byte-lru.ts";
import { clock } from "../clock.ts";
import { content, entitiesOf, findEntity, hasFeed } from "../content/index.ts";
import { suggestSlugs } from "../content/suggest.ts";
import { quoted } from "../feeds/escape.ts";
import {
	buildFeed,
	CACHE_CONTROL,
	canonicalRequest,
	canonicalSearch,
	etagOf,
	type FeedDoc,
	type FeedRequest,
	type FeedScope,
	FORMATS,
	type Format,
	feedFingerprint,
	formatByExtension,
	lastModifiedOf,
	pageOf,
	paging,
	parseFeedQuery,
	paths,
} from "../feeds/index.ts";
import { feedPage } from "../pages/feed-page.tsx";
import { conditionsOf, httpDate, isNotModified, type Validators } from "./conditional.ts";
import { PAGE_HEADERS } from "./documents.ts";
import { resolveEntity } from "./entities.ts";
import { badRequest, notFound } from "./errors.ts";
import type { Scan } from "./guards.ts";
import { preferredFormat } from "./negotiate.ts";
import { originOf } from "./origin.ts";
import { COMMON_HEADERS } from "./shared.ts";

const FORMAT_HINT = Object.values(FORMATS)
	.map((f) => `.${f.extension} (${f.label})`)
	.join(", ");

/** Splits "joe-russo.json" into slug and format; a name with no extension has no format. */
export function parseFeedFile(file: string): { slug: string; format?: Format } {
	const dot = file.lastIndexOf(".");
	if (dot < 0) return { slug: file };
	const format = formatByExtension(file.slice(dot + 1));
	if (!format || dot === 0) throw notFound(`${quoted(file)} is not a feed: feeds end in ${FORMAT_HINT}.`);
	return { slug: file.slice(0, dot), format };
}

/** A feed URL with no extension redirects to the format the client's Accept header prefers. */
export function negotiateFeed(c: Context, scope: FeedScope): Response {
	if (scope.type !== "site") resolveEntity(scope.type, scope.slug, { feed: true });
	const format = preferredFormat(c.req.header("accept"));
	const url = new URL(c.req.url);
	return new Response(null, {
		status: 302,
		headers: {
			location: `${url.origin}${paths.feed(scope, format)}${url.search}`,
			vary: "Accept",
			"cache-control": CACHE_CONTROL,
		},
	});
}

/**
 * Answers in this isolate, by canonical URL: at most 8 MiB and 2,000 entries. An entry is a
 * rendered feed, or only its validators when the feed was answered with a 304 and never rendered
 * here: a reader that revalidates is then answered from here too, with no hash.
 */
const memo = new ByteLru<Rendered>(8 * 1024 * 1024, 2000);

/** What a validators-only entry is counted as in the memo's byte bound: its headers, roughly. */
const VALIDATORS_SIZE = 512;

/**
 * What this isolate has done, for tests and benchmarks: renders, fingerprint hashes, and answers
 * from the fast path.
 */
export const feedStats = { renders: 0, hashes: 0, fastPath: 0, memo, clear: () => memo.clear() };

type Rendered = Validators & {
	format: Format;
	view: View;
	lastModified: string;
	/** The feed's bytes; absent when only the validators are known (see the memo). */
	body?: Uint8Array;
	link?: string;
	size: number;
	/**
	 * Prebuilt headers, for a 304 and for a 200. Headers objects, not records: a Response copies
	 * one natively, where a record is converted entry by entry.
	 */
	headers: { notModified: Headers; ok: Headers };
};

/** A rendered feed with its headers built once. */
function withHeaders(r: Omit<Rendered, "headers">): Rendered {
	const built = headersFor(r);
	return { ...r, headers: { notModified: new Headers(built.notModified), ok: new Headers(built.ok) } };
}

/**
 * What a feed URL answers with. Feed readers get the feed, byte for byte the same whoever asks.
 * A browser that navigates to an RSS or Atom feed (Sec-Fetch-Dest: document, which only browsers
 * send, and only for a page they are about to show) gets a page instead: what the feed is, how to
 * subscribe, its items, a way back to the site. Browsers show RSS and Atom as raw text or a
 * download, and are removing XSLT; anything in the feed itself to make it readable (a script, a
 * stylesheet instruction) is in the bytes every reader gets, and Debian's newsboat reads no items
 * from an RSS feed that has an XHTML script in it. JSON Feed is shown as JSON, which browsers
 * display readably and developers expect. The decision is this one header, which every response
 * names in Vary and every cache key holds.
 */
export type View = "feed" | "page";

const viewOf = (format: Format, secFetchDest: string | null): View =>
	secFetchDest === "document" && format.name !== "json" ? "page" : "feed";

/** The memo and edge-cache key of a view of a feed: its canonical URL, and the view when it is the page. */
const keyOf = (url: string, view: View) => (view === "page" ? `${url} page` : url);

/** Request URLs exactly as received, to the canonical URL they were answered for: 10,000 at most. */
const byRequestUrl = new ByteLru<{ url: string; format: Format; size: number }>(10_000, 10_000);

/**
 * The fast path for a feed this isolate has answered before at this exact URL (a reader polling):
 * no routing, no query parsing, no rendering, no hashing; just the validators and the bytes.
 * Returns undefined for anything else, which then takes the full route.
 */
export function fromMemo(request: Request, requestUrl: string, headers: Scan): Response | undefined {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return undefined;
	const known = byRequestUrl.get(requestUrl);
	const rendered = known && memo.get(keyOf(known.url, viewOf(known.format, headers.secFetchDest)));
	if (!rendered) return undefined;
	const notModified = isNotModified(headers, rendered);
	if (!notModified && !rendered.body) return undefined;
	feedStats.fastPath++;
	return respond(rendered, notModified ? 304 : 200, method);
}

const encoder = new TextEncoder();

/** The headers of a feed response; built once per rendered feed, so a warm request only looks them up. */
function headersFor(rendered: Omit<Rendered, "headers">) {
	const common: Record<string, string> = {
		...COMMON_HEADERS,
		etag: rendered.etag,
		"last-modified": rendered.lastModified,
		"cache-control": CACHE_CONTROL,
		vary: "Accept-Encoding, Sec-Fetch-Dest",
	};
	const ok: Record<string, string> = {
		...common,
		...(rendered.view === "page" ? PAGE_HEADERS : { "content-type": rendered.format.contentType }),
		...(rendered.link ? { link: rendered.link } : {}),
		...(rendered.body ? { "content-length": String(rendered.body.byteLength) } : {}),
	};
	return { notModified: common, ok };
}

/** A response for a rendered feed: a 304, a 200, or a HEAD's 200 with the same headers and no body. */
function respond(rendered: Rendered, status: 200 | 304, method = "GET"): Response {
	if (status === 304) return new Response(null, { status, headers: rendered.headers.notModified });
	return new Response(method === "HEAD" ? null : rendered.body, { status, headers: rendered.headers.ok });
}

function waitUntil(c: Context, promise: Promise<unknown>): void {
	try {
		c.executionCtx.waitUntil(promise);
	} catch {
		// No execution context (app.request() in a test): nothing to wait for.
	}
}

/**
 * The edge cache key: the canonical URL, under the content and code revision, and the view. The
 * Cache API keys on the URL alone (it ignores Vary but for Accept-Encoding), so the view is in it.
 */
const edgeKey = (url: string, view: View) =>
	new Request(`${url}${url.includes("?") ? "&" : "?"}__rev=${content.rev}${view === "page" ? "&__view=page" : ""}`);

/**
 * The edge cache (Cache API) is an optimisation: where it is missing or fails (workerd without a
 * cache service answers "No Cache was configured"), the feed is rendered as if it were a miss.
 */
const edge = {
	async get(url: string, view: View): Promise<Response | undefined> {
		try {
			return await caches.default.match(edgeKey(url, view));
		} catch {
			return undefined;
		}
	},
	put(c: Context, url: string, view: View, response: Response): void {
		try {
			waitUntil(
				c,
				caches.default.put(edgeKey(url, view), response).catch(() => undefined),
			);
		} catch {
			// No cache here: nothing to fill.
		}
	},
};

/** The body of a view of a feed: the format's own bytes, or the page a browser is shown. */
function renderView(doc: FeedDoc, format: Format, view: View, origin: string): string {
	return view === "page" ? String(feedPage(origin, doc, format)) : FORMATS[format.name].render(doc);
}

export async function feedResponse(c: Context, scope: FeedScope, format: Format): Promise<Response> {
	const entity = scope.type === "site" ? undefined : resolveEntity(scope.type, scope.slug, { feed: true });
	const parsed = parseFeedQuery(new URL(c.req.url).searchParams, {
		hasFeed: (type, slug) => {
			const e = findEntity(type, slug);
			return e !== undefined && hasFeed(e);
		},
		suggest: (type, slug) => suggestSlugs(slug, entitiesOf(type).filter(hasFeed)),
	});
	if (!parsed.ok) throw invalidQuery(parsed.problems);
	const canonical = canonicalRequest({
		scope,
		...(entity ? { entity } : {}),
		query: parsed.query,
		people: parsed.query.people.map((slug) => findEntity("person", slug)).filter((e) => e !== undefined),
		films: parsed.query.films.map((slug) => findEntity("film", slug)).filter((e) => e !== undefined),
	});
	if (!canonical.ok) throw invalidQuery(canonical.problems);
	const req: FeedRequest = canonical.req;
	const origin = originOf(c);
	const url = origin + paths.feed(scope, format.name) + canonicalSearch(req.query);

	const conditions = conditionsOf(c.req.raw.headers);
	const view = viewOf(format, c.req.raw.headers.get("sec-fetch-dest"));
	const key = keyOf(url, view);
	const method = c.req.method;
	const warm = memo.get(key);
	byRequestUrl.set(c.req.url, { url, format, size: 1 });
	if (warm) {
		if (isNotModified(conditions, warm)) return respond(warm, 304);
		if (warm.body) return respond(warm, 200, method);
	}

	const page = pageOf(req);
	let validators: Validators & { lastModified: string };
	if (warm) validators = { etag: warm.etag, lastModified: warm.lastModified };
	else {
		feedStats.hashes++;
		validators = {
			etag: await etagOf(feedFingerprint(req, page, origin, format.name, view)),
			lastModified: httpDate(lastModifiedOf(req, page, clock.now())),
		};
	}
	if (isNotModified(conditions, validators)) {
		// (Only reached with no memo entry: a warm one answered its 304 above.) Remember the
		// validators, so the reader's next revalidation takes the fast path.
		const known = withHeaders({ ...validators, format, view, size: VALIDATORS_SIZE });
		memo.set(key, known);
		return respond(known, 304);
	}

	const cached = await edge.get(url, view);
	let rendered: Rendered;
	if (cached?.ok && cached.headers.get("etag") === validators.etag) {
		const body = new Uint8Array(await cached.arrayBuffer());
		const link = cached.headers.get("link");
		rendered = withHeaders({ ...validators, format, view, body, size: body.byteLength, ...(link ? { link } : {}) });
	} else {
		feedStats.renders++;
		const body = encoder.encode(renderView(buildFeed(req, origin, page), format, view, origin));
		const pages = paging(origin, req, page);
		const link = pages
			? (["first", "next", "previous"] as const)
					.flatMap((rel) => (pages[rel] ? [`<${pages[rel][format.name]}>; rel="${rel}"`] : []))
					.join(", ")
			: undefined;
		rendered = withHeaders({ ...validators, format, view, body, size: body.byteLength, ...(link ? { link } : {}) });
		edge.put(c, url, view, respond(rendered, 200));
	}
	memo.set(key, rendered);
	return respond(rendered, 200, method);
}

/** A 400 that names each bad parameter and what it allows (in `invalid_params` for JSON). */
function invalidQuery(problems: { name: string; reason: string }[]) {
	const list = problems.map((p) => `${p.name}: ${p.reason}`).join("; ");
	return badRequest(`Invalid query parameter${problems.length > 1 ? "s" : ""}: ${list}.`, { invalid_params: problems });
}
