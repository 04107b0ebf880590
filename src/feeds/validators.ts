/**
 * What a feed's validators are made of, known without rendering it: the fingerprint whose hash is
 * its ETag, and its Last-Modified.
 */
import { content, contentChanged, ENTITY_TYPE_NAMES, latest } from "../content/index.ts";
import type { FormatName } from "./formats.ts";
import { lastModifiedAt } from "./freshness.ts";
import { type FeedRequest, filterGroups, pageUpdated } from "./model.ts";
import { canonicalSearch } from "./query.ts";
import type { Page } from "./select.ts";
import { paths } from "./urls.ts";

/**
 * A feed's Last-Modified, in a response made at `now`: never earlier than the moment its bytes
 * last changed, which the build records per feed (see scripts/compiler/history.ts): the latest of
 * the code and site revision's record and its entities' (a filtered or paged feed lists only
 * articles of its entities); the site feed unfiltered has its own, and so does every `since`,
 * which is rounded against every article's date. Never earlier than its newest item either, and
 * never later than `now` (see lastModifiedAt).
 */
export function lastModifiedOf(req: FeedRequest, page: Page, now: number): string {
	const records = [contentChanged.revision, ...filterGroups(req).flatMap((g) => g.map((e) => e.changed))];
	if (req.entity) records.push(req.entity.changed);
	if ((!req.entity && records.length === 1) || req.query.since !== undefined) records.push(contentChanged.site);
	return lastModifiedAt(latest(records) as string, pageUpdated(req, page), now);
}

/**
 * Everything a rendered feed's bytes depend on, as one string, computed without rendering: the
 * code and site revision, the format and the view (the feed, or the page a browser is shown), the
 * self URL (origin, path, canonical query), the feed's entities and items by revision, and the
 * page links. Its hash is the feed's ETag.
 */
export function feedFingerprint(
	req: FeedRequest,
	page: Page,
	origin: string,
	format: FormatName,
	view: "feed" | "page" = "feed",
): string {
	return JSON.stringify([
		content.rev,
		format,
		view,
		origin,
		paths.feed(req.scope, format),
		canonicalSearch(req.query),
		req.entity?.rev,
		...ENTITY_TYPE_NAMES.map((type) => req.filters[type].map((e) => e.rev)),
		page.items.map((a) => a.rev),
		page.next,
		page.previous,
		pageUpdated(req, page),
	]);
}
