/**
 * The one error path. Handlers throw an HttpError; `renderError` turns it (or any other throw)
 * into a response in the format the client asked for: application/problem+json (RFC 9457) for a
 * .json URL or a client that prefers JSON; an HTML page in the site's layout for a page URL or a
 * browser; plain text otherwise. Never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ContentNeeded, ContentUnavailable, site } from "../content/index.ts";
import { CACHE_CONTROL, FEED_ALIASES, FORMATS, type Problem, type Resolved } from "../feeds/index.ts";

/** Every feed file's extension (xml, atom, json), from the format table. */
const FEED_EXTENSIONS = new Set(Object.values(FORMATS).map((f) => f.extension));

import { errorPage } from "../pages/error-page.tsx";
import { splitUrl } from "./canonical.ts";
import { HTML, PAGE_HEADERS } from "./documents.ts";
import { COMMON_HEADERS } from "./shared.ts";

type ProblemExtras = Record<string, unknown>;

/** A link an error page offers: where the visitor may have meant to go. */
type WayOn = { href: string; label: string };

export class HttpError extends HTTPException {
	readonly title: string;
	readonly detail: string;
	readonly extras: ProblemExtras;
	readonly headers: Record<string, string>;
	/** Links for the HTML page: suggestions first. */
	readonly links: WayOn[];
	/** Lines the HTML page and the text list one by one (a build's problems). */
	readonly lines: string[];
	/** Shown as a page to a browser whatever the URL (see errorFormat). */
	page = false;

	constructor(
		status: ContentfulStatusCode,
		title: string,
		detail: string,
		extras: ProblemExtras = {},
		headers: Record<string, string> = {},
		links: WayOn[] = [],
		lines: string[] = [],
	) {
		super(status, { message: detail });
		this.title = title;
		this.detail = detail;
		this.extras = extras;
		this.headers = headers;
		this.links = links;
		this.lines = lines;
	}
}

export const notFound = (detail: string, extras?: ProblemExtras, links?: WayOn[]) =>
	new HttpError(404, "Not Found", detail, extras, {}, links);

export const badRequest = (detail: string, extras?: ProblemExtras) => new HttpError(400, "Bad Request", detail, extras);

/**
 * A permanent redirect from a renamed article's or entity's old URL to its new one: the request's
 * URL with the path segment that names the old slug (alone, or as a feed's file name) renamed.
 */
export class Moved extends HTTPException {
	constructor(
		readonly from: string,
		readonly to: string,
	) {
		super(301, { message: `renamed to ${to}` });
	}

	location(url: string): string {
		const parsed = new URL(url);
		const segments = parsed.pathname.split("/");
		// The last segment that is the slug, or the slug and a feed's extension (joe-russo.xml): the
		// one the route took it from, whatever the other segments say (/feed/person/person.json).
		const named = (s: string) =>
			s === this.from || (s.startsWith(`${this.from}.`) && FEED_EXTENSIONS.has(s.slice(this.from.length + 1)));
		const at = segments.findLastIndex(named);
		if (at >= 0) segments[at] = this.to + (segments[at] as string).slice(this.from.length);
		parsed.pathname = segments.join("/");
		return parsed.href;
	}
}

/** The error a problem from the core (src/feeds/resolve.ts) is answered with. */
function problemError(problem: Problem): HTTPException {
	if (problem.kind === "moved") return new Moved(problem.from, problem.to);
	if (problem.kind === "gone") return new HttpError(410, "Gone", problem.detail, { reason: problem.reason });
	if (problem.kind === "bad-query") {
		const list = problem.problems.map((p) => `${p.name}: ${p.reason}`).join("; ");
		const plural = problem.problems.length > 1 ? "s" : "";
		return badRequest(`Invalid query parameter${plural}: ${list}.`, { invalid_params: problem.problems });
	}
	return notFound(
		problem.detail,
		{
			suggestions: problem.suggestions.map((s) => s.slug),
			...(problem.valid ? { valid_slugs: problem.valid } : {}),
		},
		problem.suggestions.map(({ href, label }) => ({ href, label })),
	);
}

/** What the core resolved, or the error its problem is answered with, thrown. */
export function orThrow<T>(resolved: Resolved<T>): T {
	if (resolved.ok) return resolved.value;
	throw problemError(resolved.problem);
}

type ErrorFormat = "json" | "html" | "text";

const encoder = new TextEncoder();

/**
 * Which format an error is in: JSON for a .json URL or a client whose Accept prefers JSON; HTML
 * for a page URL (a path with no extension outside /feed, /api and /assets) or a browser (Accept
 * names text/html); plain text otherwise, which every feed reader can show. With `page`, a browser
 * gets the page even for a .json URL (the dev server's broken content, meant for the editor's eyes).
 */
function errorFormat(path: string, accept: string, pageForBrowsers = false): ErrorFormat {
	const html = accept.includes("text/html");
	if (pageForBrowsers && html) return "html";
	if (path.endsWith(".json")) return "json";
	if (!html && /application\/(?:problem\+|feed\+)?json/.test(accept)) return "json";
	const last = path.slice(path.lastIndexOf("/") + 1);
	// The feed paths readers probe (/rss, /atom/…) are feeds, whatever their look.
	const page = !last.includes(".") && !/^\/(?:feed|api|assets)(?:\/|$)/.test(path) && !FEED_ALIASES.has(path);
	return page || html ? "html" : "text";
}

export function toHttpError(error: unknown): HttpError {
	if (error instanceof HttpError) return error;
	if (error instanceof ContentUnavailable) {
		// Never a feed without the part that is missing: the request fails, and the log says what.
		console.error(`reelfeed: ${error.message}`);
		return new HttpError(
			503,
			"Service Unavailable",
			"Part of the site's content could not be read, so this cannot be answered now; the error has been logged. Try again later.",
			{},
			{ "retry-after": "60" },
		);
	}
	if (error instanceof HTTPException)
		return new HttpError(
			error.status as ContentfulStatusCode,
			error.message || "Error",
			error.message || "The request failed.",
		);
	console.error(error);
	return new HttpError(500, "Internal Server Error", "Something went wrong on our side; the error has been logged.");
}

/** An error response for a request, in its format; `origin` is where the HTML page's links point. */
export function errorResponse(problem: HttpError, url: string, accept: string, origin: string): Response {
	const { path } = splitUrl(url);
	const status = problem.status;
	let type: string;
	let body: string;
	switch (errorFormat(path, accept, problem.page)) {
		case "json":
			type = "application/problem+json; charset=utf-8";
			body = JSON.stringify({
				type: "about:blank",
				title: problem.title,
				status,
				detail: problem.detail,
				instance: path,
				...problem.extras,
			});
			break;
		case "html":
			type = HTML;
			body = String(errorPage(origin, problem));
			break;
		default:
			type = "text/plain; charset=utf-8";
			body = `${status} ${problem.title}\n\n${problem.detail}\n${problem.lines.map((l) => `\n  ${l}`).join("")}`;
	}
	const bytes = encoder.encode(body);
	return new Response(bytes, {
		status,
		headers: {
			...(type === HTML ? PAGE_HEADERS : { "content-type": type }),
			...COMMON_HEADERS,
			"cache-control": "no-store",
			"content-length": String(bytes.byteLength),
			...problem.headers,
		},
	});
}

export function renderError(error: unknown, c: Context): Response {
	// Content this isolate has not loaded yet: the shell loads it and answers again (src/http/content.ts).
	if (error instanceof ContentNeeded) throw error;
	const url = c.req.url;
	if (error instanceof Moved)
		return new Response(null, {
			status: 301,
			headers: { ...COMMON_HEADERS, location: error.location(url), "cache-control": CACHE_CONTROL },
		});
	const origin = site.baseUrl ?? (URL.canParse(url) ? new URL(url).origin : "");
	return errorResponse(toHttpError(error), url, c.req.header("accept") ?? "", origin);
}
