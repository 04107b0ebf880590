/**
 * Conditional GET (RFC 9110 § 13). If-None-Match takes precedence: "*" or any listed entity tag
 * that matches ours by weak comparison (W/ prefixes ignored) means Not Modified. Without it,
 * If-Modified-Since at or after Last-Modified means Not Modified; an unparseable date is ignored.
 */
/** An ETag, and for resources that have one, a Last-Modified HTTP-date. */
export type Validators = { etag: string; lastModified?: string };

/**
 * Whether an If-None-Match value matches an entity tag (RFC 9110 § 13.1.2): "*", or a list of
 * `[W/]"opaque"` members, compared weakly (W/ ignored). Our tags are strong and hold no quote or
 * comma, so a list names ours exactly when the quoted tag appears in it: one native substring
 * search, whatever a client sends (a backtracking regular expression spent 60–70 ms of CPU on 8 KB
 * of spaces, and a parse member by member still cost a millisecond on 8,000 commas).
 */
export function matchesEntityTag(ifNoneMatch: string, etag: string): boolean {
	return ifNoneMatch.trim() === "*" || ifNoneMatch.includes(etag.startsWith("W/") ? etag.slice(2) : etag);
}

/** A request's conditional headers, as sent (null when absent). */
export type Conditions = { ifNoneMatch: string | null; ifModifiedSince: string | null };

export const conditionsOf = (headers: Headers): Conditions => ({
	ifNoneMatch: headers.get("if-none-match"),
	ifModifiedSince: headers.get("if-modified-since"),
});

/**
 * An HTTP-date (RFC 9110 § 5.6.7) as milliseconds, or NaN. Only the three forms the RFC names are
 * accepted, by shape, before the runtime's date parser sees anything: no client value is handed
 * to a parser whose cost is not known.
 */
const HTTP_DATE =
	/^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;
const parseHttpDate = (value: string): number =>
	value.length <= 40 && HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;

export function isNotModified({ ifNoneMatch, ifModifiedSince }: Conditions, validators: Validators): boolean {
	// A reader polling sends back exactly the tag it was given: the common case, decided at once.
	if (ifNoneMatch === validators.etag) return true;
	if (ifNoneMatch !== null) return matchesEntityTag(ifNoneMatch, validators.etag);
	if (ifModifiedSince === null || validators.lastModified === undefined) return false;
	const since = parseHttpDate(ifModifiedSince);
	// HTTP dates have one-second resolution (RFC 9110 § 5.6.7).
	return !Number.isNaN(since) && Math.floor(Date.parse(validators.lastModified) / 1000) * 1000 <= since;
}

/** An ISO date as an HTTP-date ("Tue, 05 May 2020 00:00:00 GMT"). */
export const httpDate = (iso: string): string => new Date(iso).toUTCString();
