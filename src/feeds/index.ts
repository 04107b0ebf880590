export { FORMATS, type Format, formatByExtension } from "./formats.ts";
export { CACHE_CONTROL, DEPLOY_MARGIN_MS, FRESHNESS, lastModifiedAt } from "./freshness.ts";
export {
	buildFeed,
	canonicalRequest,
	entityLabel,
	entityLink,
	type FeedDoc,
	type FeedItem,
	type FeedLinks,
	type FeedRequest,
	feedFingerprint,
	feedLinks,
	lastModifiedOf,
	type Paging,
	pageOf,
	pageUpdated,
	paging,
	plainRequest,
} from "./model.ts";
export { canonicalSearch, type FeedQuery, LIMIT, parseFeedQuery, type QueryProblem } from "./query.ts";
export type { Page } from "./select.ts";
export { EXTENSIONS, type FeedScope, type FormatName, paths } from "./urls.ts";

/** A strong ETag for a fingerprint: the first 128 bits of its SHA-256, base64url. */
export async function etagOf(fingerprint: string): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprint)));
	const b64 = btoa(String.fromCharCode(...digest.subarray(0, 16)));
	return `"${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}"`;
}
