/**
 * How long a feed may be reused without asking again: the one decision behind Cache-Control and
 * RSS <ttl>. Readers poll every few minutes, and most polls should cost one 304: a browser or
 * reader keeps a feed 5 minutes; a shared cache (the edge) an hour, and may serve it up to a day
 * stale while it revalidates. Content only changes on deploy, which changes every ETag.
 */
export const FRESHNESS = {
	/** max-age, and RSS <ttl> in minutes. */
	clientSeconds: 300,
	/** s-maxage: shared caches, including the Worker's edge cache. */
	sharedSeconds: 3600,
	/** stale-while-revalidate (RFC 5861). */
	staleSeconds: 86_400,
} as const;

export const CACHE_CONTROL = `public, max-age=${FRESHNESS.clientSeconds}, s-maxage=${FRESHNESS.sharedSeconds}, stale-while-revalidate=${FRESHNESS.staleSeconds}`;
