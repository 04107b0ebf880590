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

/**
 * A feed's freshness when the site names WebSub hubs: every change (a deploy, an embargo lifting)
 * is pushed to subscribers through them, so a reader that polls as well need not ask more than
 * once an hour. Pages, OPML and the directory keep FRESHNESS.
 */
export const PUSHED_FRESHNESS = { ...FRESHNESS, clientSeconds: 3600 } as const;

export type Freshness = typeof FRESHNESS | typeof PUSHED_FRESHNESS;

/** A feed's freshness: pushed when the site names hubs. */
export const feedFreshness = (hubs: readonly string[]): Freshness => (hubs.length ? PUSHED_FRESHNESS : FRESHNESS);

const cacheControl = (f: Freshness) =>
	`public, max-age=${f.clientSeconds}, s-maxage=${f.sharedSeconds}, stale-while-revalidate=${f.staleSeconds}`;

export const CACHE_CONTROL = cacheControl(FRESHNESS);

/**
 * Cache-Control for a response made at `now` (ms) from content that changes by itself at
 * `nextReveal` (an embargo lifting; see src/content/edition.ts): no lifetime, for a browser or a
 * shared cache, fresh or stale, reaches past that instant, so once it has passed no cache serves
 * the old response and every reader sees the article at its next poll. The freshness's own
 * lifetimes otherwise.
 */
export function cacheControlAt(now: number, nextReveal: number | undefined, freshness: Freshness = FRESHNESS): string {
	if (nextReveal === undefined) return cacheControl(freshness);
	const left = Math.max(0, Math.floor((nextReveal - now) / 1000));
	const client = Math.min(freshness.clientSeconds, left);
	const shared = Math.min(freshness.sharedSeconds, left);
	const stale = Math.min(freshness.staleSeconds, left - shared);
	return `public, max-age=${client}, s-maxage=${shared}${stale > 0 ? `, stale-while-revalidate=${stale}` : ""}`;
}

/**
 * How long after a build its changes may take to be served: the upload and activation of a deploy.
 * The build records when it saw each feed change (scripts/compiler/history.ts), but the feed is
 * served changed only once the deploy is live, and a reader that sends its own clock in
 * If-Modified-Since may have polled the old version in between. So a change recorded at T counts
 * as made at T plus this margin, and until then at the time of the response, which RFC 9110
 * § 8.8.2.1 says a Last-Modified in the future must be replaced by.
 */
export const DEPLOY_MARGIN_MS = 10 * 60 * 1000;

/**
 * A Last-Modified (ISO) for content the build saw change at `recorded` whose newest item is dated
 * `newest`, in a response made at `now`: the later of the two, the change moved by the margin, and
 * never later than `now`.
 */
export function lastModifiedAt(recorded: string, newest: string, now: number): string {
	const changed = Math.max(Date.parse(recorded) + DEPLOY_MARGIN_MS, Date.parse(newest));
	return new Date(Math.min(changed, now)).toISOString();
}
