/**
 * Conditional GET (RFC 9110 § 13). If-None-Match takes precedence: "*" or any listed entity tag
 * that matches ours by weak comparison (W/ prefixes ignored) means Not Modified. Without it,
 * If-Modified-Since at or after Last-Modified means Not Modified; an unparseable date is ignored.
 */
/** An ETag, and for resources that have one, a Last-Modified HTTP-date. */
export type Validators = { etag: string; lastModified?: string };

const isSpace = (c: number) => c === 0x20 || c === 0x09;

/**
 * Splits an If-None-Match value into entity tags (RFC 9110 § 8.8.3: `*`, or a list of
 * `[W/]"opaque"`), skipping malformed members. One pass over the value, each character read a
 * bounded number of times: a client cannot make it slow (a backtracking regular expression spent
 * 60–70 ms on 8 KB of spaces).
 */
export function parseEntityTags(header: string): string[] {
	const tags: string[] = [];
	const n = header.length;
	let i = 0;
	while (i < n) {
		while (i < n && isSpace(header.charCodeAt(i))) i++;
		const start = i;
		let end = -1;
		if (header.charCodeAt(i) === 0x2a /* * */) end = i + 1;
		else {
			let q = i;
			if (header.startsWith("W/", i)) q += 2;
			if (header.charCodeAt(q) === 0x22 /* " */) {
				const close = header.indexOf('"', q + 1);
				if (close >= 0) end = close + 1;
			}
		}
		let j = end < 0 ? i : end;
		while (j < n && isSpace(header.charCodeAt(j))) j++;
		// A member is well formed when only spaces stand between it and the next comma (or the end).
		if (end >= 0 && (j === n || header.charCodeAt(j) === 0x2c)) tags.push(header.slice(start, end));
		const comma = header.indexOf(",", j);
		if (comma < 0) break;
		i = comma + 1;
	}
	return tags;
}

const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

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
export const parseHttpDate = (value: string): number =>
	value.length <= 40 && HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;

export function isNotModified({ ifNoneMatch, ifModifiedSince }: Conditions, validators: Validators): boolean {
	// A reader polling sends back exactly the tag it was given: the common case, decided at once.
	if (ifNoneMatch === validators.etag) return true;
	if (ifNoneMatch !== null) {
		const tags = parseEntityTags(ifNoneMatch);
		return tags.includes("*") || tags.some((tag) => opaque(tag) === opaque(validators.etag));
	}
	if (ifModifiedSince === null || validators.lastModified === undefined) return false;
	const since = parseHttpDate(ifModifiedSince);
	// HTTP dates have one-second resolution (RFC 9110 § 5.6.7).
	return !Number.isNaN(since) && Math.floor(Date.parse(validators.lastModified) / 1000) * 1000 <= since;
}

/** An ISO date as an HTTP-date ("Tue, 05 May 2020 00:00:00 GMT"). */
export const httpDate = (iso: string): string => new Date(iso).toUTCString();
