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
	/** What people call it: "RSS", "Atom", "JSON Feed". */
	label: string;
	extension: string;
	/** The registered media type; `contentType` adds the charset. */
	mediaType: string;
	/** Media types in an Accept header that ask for this format, best first. */
	accepts: string[];
	contentType: string;
	render: (doc: FeedDoc) => string;
};

const row = (
	name: FormatName,
	label: string,
	mediaType: string,
	accepts: string[],
	render: Format["render"],
): Format => ({
	name,
	label,
	extension: EXTENSIONS[name],
	mediaType,
	accepts: [mediaType, ...accepts],
	contentType: `${mediaType}; charset=utf-8`,
	render,
});

/** In order of preference when a client says nothing useful: RSS first, which every reader reads. */
export const FORMATS: Record<FormatName, Format> = {
	rss: row("rss", "RSS", "application/rss+xml", [], renderRss),
	atom: row("atom", "Atom", "application/atom+xml", [], renderAtom),
	json: row("json", "JSON Feed", "application/feed+json", ["application/json"], renderJsonFeed),
};

const byExtension = new Map(Object.values(FORMATS).map((f) => [f.extension, f]));

export const formatByExtension = (extension: string): Format | undefined => byExtension.get(extension);
