/**
 * Feed responses. In order: resolve the URL (404), parse the query (400), then answer from the
 * cheapest place that can: the isolate's memo (no rendering, no hashing); a 304 when the
 * client's validators match (fingerprinted, never rendered); the edge cache; and only then a
 * render, which fills both caches. All feed logic lives in src/feeds; this maps HTTP onto it.
 */
import type { Context } from "hono";
import { ByteLru } from "../byte-lru.ts";
import { content, type EntityType, entitiesOf, findEntity, hasFeed } from "../content/index.ts";
import { suggestSlugs } from "../content/suggest.ts";
import {
	buildFeed,
	CACHE_CONTROL,
	canonicalSearch,
	etagOf,
	type FeedRequest,
	type FeedScope,
	FORMATS,
	type Format,
	feedFingerprint,
	formatByExtension,
	pageOf,
	pageUpdated,
	paging,
	parseFeedQuery,
	paths,
} from "../feeds/index.ts";
import { conditionsOf, httpDate, isNotModified, type Validators } from "./conditional.ts";
import { badRequest, notFound } from "./errors.ts";
import type { Scan } from "./guards.ts";
import { COMMON_HEADERS } from "./headers.ts";
import { preferredFormat } from "./negotiate.ts";
import { originOf } from "./origin.ts";

const FORMAT_HINT = Object.values(FORMATS)
	.map((f) => `.${f.extension} (${f.label})`)
	.join(", ");

/** Splits "joe-russo.json" into slug and format; a name with no extension has no format. */
export function parseFeedFile(file: string): { slug: string; format?: Format } {
	const dot = file.lastIndexOf(".");
	if (dot < 0) return { slug: file };
	const format = formatByExtension(file.slice(dot + 1));
	if (!format || dot === 0) throw notFound(`"${file}" is not a feed: feeds end in ${FORMAT_HINT}.`);
	return { slug: file.slice(0, dot), format };
}

/** A feed URL with no extension redirects to the format the client's Accept header prefers. */
export function negotiateFeed(c: Context, scope: FeedScope): Response {
	if (scope.type !== "site") resolveEntity(scope.type, scope.slug);
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

const NOUN: Record<EntityType, string> = { person: "person", film: "film" };

/** The person or film of a feed URL, or a 404 that suggests the nearest slugs. */
function resolveEntity(type: EntityType, slug: string) {
	const entity = findEntity(type, slug);
	if (entity && hasFeed(entity)) return entity;
	const withFeeds = entitiesOf(type).filter(hasFeed);
	const like = suggestSlugs(slug, withFeeds);
	const why = entity
		? `${entity.name} is a ${entity.kind}, and only films have film feeds.`
		: `There is no ${NOUN[type]} "${slug}".`;
	const hint = like.length ? ` Did you mean ${like.join(" or ")}?` : "";
	const valid = withFeeds.map((e) => e.slug);
	const listed =
		valid.length > 20 ? `${valid.slice(0, 20).join(", ")} and ${valid.length - 20} more` : valid.join(", ");
	throw notFound(`${why}${hint} ${NOUN[type] === "person" ? "People" : "Films"} with feeds: ${listed}.`, {
		suggestions: like,
		valid_slugs: valid,
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
	lastModified: string;
	/** The feed's bytes; absent when only the validators are known (see the memo). */
	body?: Uint8Array;
	link?: string;
	size: number;
	/**
	 * Prebuilt headers: for a 304, and for a 200 in the format's own content type. Headers objects,
	 * not records: a Response copies one natively, where a record is converted entry by entry.
	 */
	headers: { notModified: Headers; ok: Record<string, Headers> };
};

/** A rendered feed with its headers built once. */
function withHeaders(format: Format, r: Omit<Rendered, "headers">): Rendered {
	const built = headersFor(r);
	return {
		...r,
		headers: {
			notModified: new Headers(built.notModified),
			ok: { [format.contentType]: new Headers(built.ok(format.contentType)) },
		},
	};
}

/** Request URLs exactly as received, to the canonical URL they were answered for: 10,000 at most. */
const byRequestUrl = new ByteLru<{ url: string; size: number }>(10_000, 10_000);

/**
 * The fast path for a feed this isolate has answered before at this exact URL (a reader polling):
 * no routing, no query parsing, no rendering, no hashing; just the validators and the bytes.
 * Returns undefined for anything else, which then takes the full route.
 */
export function fromMemo(request: Request, requestUrl: string, headers: Scan): Response | undefined {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return undefined;
	const key = byRequestUrl.get(requestUrl)?.url;
	const rendered = key === undefined ? undefined : memo.get(key);
	if (!rendered) return undefined;
	const notModified = isNotModified(headers, rendered);
	if (!notModified && !rendered.body) return undefined;
	feedStats.fastPath++;
	const response = respond(rendered, notModified ? 304 : 200, headers.secFetchDest);
	return method === "HEAD" ? new Response(null, response) : response;
}

const encoder = new TextEncoder();

/**
 * A browser that navigates to an RSS or Atom feed (Sec-Fetch-Dest: document) gets the same bytes as
 * application/xml: Chromium shows application/rss+xml and application/atom+xml as plain text, but
 * renders XML with its stylesheet and script. Feed readers send no Sec-Fetch-Dest and get the
 * feed's own type.
 */
const contentTypeFor = (format: Format, secFetchDest: string | null) =>
	format.name !== "json" && secFetchDest === "document" ? "application/xml; charset=utf-8" : format.contentType;

/** The headers of a feed response; built once per rendered feed, so a warm request only looks them up. */
function headersFor(rendered: Validators & { lastModified: string; link?: string }) {
	const common: Record<string, string> = {
		...COMMON_HEADERS,
		etag: rendered.etag,
		"last-modified": rendered.lastModified,
		"cache-control": CACHE_CONTROL,
		vary: "Accept-Encoding, Sec-Fetch-Dest",
	};
	const ok = (contentType: string) => ({
		...common,
		"content-type": contentType,
		...(rendered.link ? { link: rendered.link } : {}),
	});
	return { notModified: common, ok };
}

function respond(rendered: Rendered, status: 200 | 304, secFetchDest: string | null = null): Response {
	if (status === 304) return new Response(null, { status, headers: rendered.headers.notModified });
	const { format } = rendered;
	const contentType = contentTypeFor(format, secFetchDest);
	const ok =
		(contentType === format.contentType ? rendered.headers.ok[contentType] : undefined) ??
		headersFor(rendered).ok(contentType);
	return new Response(rendered.body, { status, headers: ok });
}

function waitUntil(c: Context, promise: Promise<unknown>): void {
	try {
		c.executionCtx.waitUntil(promise);
	} catch {
		// No execution context (app.request() in a test): nothing to wait for.
	}
}

/** The edge cache key: the canonical URL, under the content and code revision. */
const edgeKey = (url: string) => new Request(`${url}${url.includes("?") ? "&" : "?"}__rev=${content.rev}`);

/**
 * The edge cache (Cache API) is an optimisation: where it is missing or fails (workerd without a
 * cache service answers "No Cache was configured"), the feed is rendered as if it were a miss.
 */
const edge = {
	async get(url: string): Promise<Response | undefined> {
		try {
			return await caches.default.match(edgeKey(url));
		} catch {
			return undefined;
		}
	},
	put(c: Context, url: string, response: Response): void {
		try {
			waitUntil(
				c,
				caches.default.put(edgeKey(url), response).catch(() => undefined),
			);
		} catch {
			// No cache here: nothing to fill.
		}
	},
};

export async function feedResponse(c: Context, scope: FeedScope, format: Format): Promise<Response> {
	const entity = scope.type === "site" ? undefined : resolveEntity(scope.type, scope.slug);
	const parsed = parseFeedQuery(new URL(c.req.url).searchParams, {
		hasFeed: (type, slug) => {
			const e = findEntity(type, slug);
			return e !== undefined && hasFeed(e);
		},
		suggest: (type, slug) => suggestSlugs(slug, entitiesOf(type).filter(hasFeed)),
	});
	if (!parsed.ok) {
		const list = parsed.problems.map((p) => `${p.name}: ${p.reason}`).join("; ");
		throw badRequest(`Invalid query parameter${parsed.problems.length > 1 ? "s" : ""}: ${list}.`, {
			invalid_params: parsed.problems,
		});
	}
	const origin = originOf(c);
	const url = origin + paths.feed(scope, format.name) + canonicalSearch(parsed.query);

	const conditions = conditionsOf(c.req.raw.headers);
	const secFetchDest = c.req.raw.headers.get("sec-fetch-dest");
	const warm = memo.get(url);
	if (warm) {
		byRequestUrl.set(c.req.url, { url, size: 1 });
		if (isNotModified(conditions, warm)) return respond(warm, 304);
		if (warm.body) return respond(warm, 200, secFetchDest);
	}

	const req: FeedRequest = {
		scope,
		...(entity ? { entity } : {}),
		query: parsed.query,
		people: parsed.query.people.map((slug) => findEntity("person", slug)).filter((e) => e !== undefined),
		films: parsed.query.films.map((slug) => findEntity("film", slug)).filter((e) => e !== undefined),
	};
	const page = pageOf(req);
	let validators: Validators & { lastModified: string };
	if (warm) validators = { etag: warm.etag, lastModified: warm.lastModified };
	else {
		feedStats.hashes++;
		validators = {
			etag: await etagOf(feedFingerprint(req, page, origin, format.name)),
			lastModified: httpDate(pageUpdated(page)),
		};
	}
	if (isNotModified(conditions, validators)) {
		// (Only reached with no memo entry: a warm one answered its 304 above.) Remember the
		// validators, so the reader's next revalidation takes the fast path.
		const known = withHeaders(format, { ...validators, format, size: VALIDATORS_SIZE });
		memo.set(url, known);
		byRequestUrl.set(c.req.url, { url, size: 1 });
		return respond(known, 304);
	}

	const cached = await edge.get(url);
	let rendered: Rendered;
	if (cached?.ok && cached.headers.get("etag") === validators.etag) {
		const body = new Uint8Array(await cached.arrayBuffer());
		const link = cached.headers.get("link");
		rendered = withHeaders(format, { ...validators, format, body, size: body.byteLength, ...(link ? { link } : {}) });
	} else {
		feedStats.renders++;
		const body = encoder.encode(FORMATS[format.name].render(buildFeed(req, origin, page)));
		const pages = paging(origin, req, page);
		const link = pages
			? (["first", "next", "previous"] as const)
					.flatMap((rel) => (pages[rel] ? [`<${pages[rel][format.name]}>; rel="${rel}"`] : []))
					.join(", ")
			: undefined;
		rendered = withHeaders(format, { ...validators, format, body, size: body.byteLength, ...(link ? { link } : {}) });
		edge.put(c, url, respond(rendered, 200));
	}
	memo.set(url, rendered);
	byRequestUrl.set(c.req.url, { url, size: 1 });
	return respond(rendered, 200, secFetchDest);
}
