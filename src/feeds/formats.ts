/**
 * The format table: one row per feed format, mapping its extension to its content type and its
 * renderer. Adding a format means adding a row here (and a renderer beside it).
 */
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./json-feed.ts";
import type { FeedDoc } from "./model.ts";
import { renderRss } from "./rss.ts";
import { EXTENSIONS, type FormatName } from "./urls.ts";

export type Format = {
	name: FormatName;
	extension: string;
	contentType: string;
	render: (doc: FeedDoc) => string;
};

export const FORMATS: Record<FormatName, Format> = {
	rss: {
		name: "rss",
		extension: EXTENSIONS.rss,
		contentType: "application/rss+xml; charset=utf-8",
		render: renderRss,
	},
	atom: {
		name: "atom",
		extension: EXTENSIONS.atom,
		contentType: "application/atom+xml; charset=utf-8",
		render: renderAtom,
	},
	json: {
		name: "json",
		extension: EXTENSIONS.json,
		contentType: "application/feed+json; charset=utf-8",
		render: renderJsonFeed,
	},
};

const byExtension = new Map(Object.values(FORMATS).map((f) => [f.extension, f]));

export const formatByExtension = (extension: string): Format | undefined => byExtension.get(extension);
