/**
 * Conditional GET (RFC 9110 § 13). If-None-Match takes precedence: "*" or any listed entity tag
 * that matches ours by weak comparison (W/ prefixes ignored) means Not Modified. Without it,
 * If-Modified-Since at or after Last-Modified means Not Modified; an unparseable date is ignored.
 */
/** An ETag, and for resources that have one, a Last-Modified HTTP-date. */
export type Validators = { etag: string; lastModified?: string };

/** Splits an If-None-Match value into entity tags, skipping malformed members. */
export function parseEntityTags(header: string): string[] {
	const tags: string[] = [];
	for (const match of header.matchAll(/\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/g)) tags.push(match[1] as string);
	return tags;
}

const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

/** A request's conditional headers, as sent (null when absent). */
export type Conditions = { ifNoneMatch: string | null; ifModifiedSince: string | null };

export const conditionsOf = (headers: Headers): Conditions => ({
	ifNoneMatch: headers.get("if-none-match"),
	ifModifiedSince: headers.get("if-modified-since"),
});

export function isNotModified({ ifNoneMatch, ifModifiedSince }: Conditions, validators: Validators): boolean {
	// A reader polling sends back exactly the tag it was given: the common case, decided at once.
	if (ifNoneMatch === validators.etag) return true;
	if (ifNoneMatch !== null) {
		const tags = parseEntityTags(ifNoneMatch);
		return tags.includes("*") || tags.some((tag) => opaque(tag) === opaque(validators.etag));
	}
	if (ifModifiedSince === null || validators.lastModified === undefined) return false;
	const since = Date.parse(ifModifiedSince);
	// HTTP dates have one-second resolution (RFC 9110 § 5.6.7).
	return !Number.isNaN(since) && Math.floor(Date.parse(validators.lastModified) / 1000) * 1000 <= since;
}

/** An ISO date as an HTTP-date ("Tue, 05 May 2020 00:00:00 GMT"). */
export const httpDate = (iso: string): string => new Date(iso).toUTCString();
