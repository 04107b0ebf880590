/** The feed core's public face: the model, the format and path tables, resolution, validators, renderers' layer. */
export { PAGING_RELS } from "./feed-package.ts";
export {
	type FeedLinks,
	FORMAT_NAMES,
	FORMATS,
	type Format,
	type FormatName,
	formatByExtension,
	PREFERRED_FORMAT,
} from "./formats.ts";
export {
	CACHE_CONTROL,
	cacheControlAt,
	DEPLOY_MARGIN_MS,
	FRESHNESS,
	type Freshness,
	feedFreshness,
	lastModifiedAt,
	PUSHED_FRESHNESS,
} from "./freshness.ts";
export { renderReusingItems } from "./item-reuse.ts";
export {
	buildFeed,
	entityLabel,
	entityLink,
	type FeedDoc,
	type FeedItem,
	type FeedRequest,
	feedLinks,
	hubsFor,
	type Paging,
	pageOf,
	pageUpdated,
	paging,
	plainRequest,
} from "./model.ts";
export { canonicalSearch, type FeedQuery, LIMIT, noFilters, parseFeedQuery, type QueryProblem } from "./query.ts";
export {
	canonicalRequest,
	type Problem,
	type Resolved,
	resolveArticle,
	resolveEntity,
	resolveFeed,
	resolveFeedFile,
	resolveScope,
	type Suggestion,
} from "./resolve.ts";
export type { Page } from "./select.ts";
export { FEED_ALIASES, type FeedScope, paths } from "./urls.ts";
export { feedFingerprint, lastModifiedOf } from "./validators.ts";
