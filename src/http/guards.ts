/**
 * Requests no route should see, answered before any routing, parsing or rendering: a URL or a
 * header value longer than any real client sends (414 or 431, RFC 9110 § 15.5.15, RFC 6585 § 5;
 * real feed URLs are under 300 bytes, browsers' and readers' headers under 2 KB), and a URL that
 * does not parse, which an invalid Host header makes (400).
 */
import type { Conditions } from "./conditional.ts";
import { HttpError } from "./errors.ts";
import { INVALID_HOST, isValidHost } from "./shared.ts";

export const LIMITS = { urlBytes: 2048, headerValueBytes: 8192, headers: 100 } as const;

/**
 * What is too large about a request, if anything, and the few headers a memoized feed's answer
 * depends on, read in the same pass: the fast path then makes no call for them (each `get` is a
 * call into the runtime; together they cost about as much again as this pass, by callgrind).
 */
export type Scan = Conditions & { secFetchDest: string | null; host: string | null; problem: HttpError | undefined };

export function scan(request: Request, url = request.url): Scan {
	const found: Scan = { ifNoneMatch: null, ifModifiedSince: null, secFetchDest: null, host: null, problem: undefined };
	if (url.length > LIMITS.urlBytes) {
		found.problem = new HttpError(
			414,
			"URI Too Long",
			`URLs here are at most ${LIMITS.urlBytes} bytes; this one is ${url.length}.`,
		);
		return found;
	}
	// forEach, not for…of: no iterator and no array per header, on every request (callgrind put the
	// iterator at 7–12 % of a whole 304; see BENCHMARKS.md). Names arrive lowercased.
	let count = 0;
	request.headers.forEach((value, name) => {
		count++;
		if (name === "if-none-match") found.ifNoneMatch = value;
		else if (name === "if-modified-since") found.ifModifiedSince = value;
		else if (name === "sec-fetch-dest") found.secFetchDest = value;
		else if (name === "host") found.host = value;
		if (found.problem || (value.length <= LIMITS.headerValueBytes && count <= LIMITS.headers)) return;
		found.problem = new HttpError(
			431,
			"Request Header Fields Too Large",
			count > LIMITS.headers
				? `At most ${LIMITS.headers} header fields are read here.`
				: `The ${name} header is ${value.length} bytes; header values here are at most ${LIMITS.headerValueBytes} bytes.`,
		);
	});
	return found;
}

/** A 400 for a request whose URL does not parse, which an invalid Host header makes; else undefined. */
export function invalidHost(url: string, host: string | null): HttpError | undefined {
	// The runtime makes the URL of the Host header and the path, and any path parses: a URL with
	// a host seen valid (the same header) parses again.
	if (host !== null && host === validHost) return undefined;
	if (!URL.canParse(url) || (host !== null && !isValidHost(host)))
		return new HttpError(400, "Bad Request", INVALID_HOST);
	if (host !== null) validHost = host;
	return undefined;
}

/** The last Host header found valid: an isolate is asked for one host, over and over. */
let validHost: string | undefined;
