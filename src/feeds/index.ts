export { FORMATS, type Format, formatByExtension } from "./formats.ts";
export {
	buildFeed,
	entityLabel,
	entityLink,
	FEED_LIMIT,
	type FeedDoc,
	type FeedItem,
	type FeedLinks,
	feedLinks,
} from "./model.ts";
export { EXTENSIONS, type FeedScope, type FormatName, paths } from "./urls.ts";

import type { Entity } from "../content/index.ts";
import { FORMATS } from "./formats.ts";
import { buildFeed } from "./model.ts";
import type { FeedScope, FormatName } from "./urls.ts";

/** The feed for a scope, in one format, as a string: the pure core of every feed response. */
export function renderFeed(scope: FeedScope, format: FormatName, origin: string, entity?: Entity): string {
	return FORMATS[format].render(buildFeed(scope, origin, entity));
}
