/**
 * The format table: one row per feed format, with everything that differs between formats: its
 * name in URLs (the extension), what people call it, its media types, whether it is XML, and its
 * renderer. Every list of formats (feed links, the directory and its schema, the `_reelfeed`
 * extension, content negotiation, pages' subscribe boxes) is derived from it, so adding a format
 * is a row here and a renderer beside it (test/worker/tables.test.ts checks each place follows).
 */
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./json-feed.ts";
import type { FeedDoc } from "./model.ts";
import { renderRss } from "./rss.ts";

type FormatRow = {
	/** What people call it: "RSS", "Atom", "JSON Feed". */
	label: string;
	/** The file extension of its URLs: /feed.xml. */
	extension: string;
	/** The registered media type; `contentType` adds the charset. */
	mediaType: string;
	/** Other media types in an Accept header that ask for it. */
	alsoAccepted: readonly string[];
	/**
	 * For an XML format, the element that holds one item. Browsers show an XML feed as raw text or
	 * a download, so one that navigates to it is shown a page instead (see src/http/feeds.ts); JSON
	 * they show readably. Rendered items are reused by element (see item-reuse.ts).
	 */
	xml?: { itemElement: string };
	/** Its renderer: a feed document in, the feed's text out, nothing kept. */
	render: (doc: FeedDoc) => string;
};

/** In order of preference when a client says nothing useful: RSS first, which every reader reads. */
const ROWS = {
	rss: {
		label: "RSS",
		extension: "xml",
		mediaType: "application/rss+xml",
		alsoAccepted: [],
		xml: { itemElement: "item" },
		render: renderRss,
	},
	atom: {
		label: "Atom",
		extension: "atom",
		mediaType: "application/atom+xml",
		alsoAccepted: [],
		xml: { itemElement: "entry" },
		render: renderAtom,
	},
	json: {
		label: "JSON Feed",
		extension: "json",
		mediaType: "application/feed+json",
		alsoAccepted: ["application/json"],
		render: renderJsonFeed,
	},
} satisfies Record<string, FormatRow>;

export type FormatName = keyof typeof ROWS;

export type Format = FormatRow & {
	name: FormatName;
	/** Media types in an Accept header that ask for this format, best first. */
	accepts: readonly string[];
	/** Its Content-Type: the media type and the charset. */
	contentType: string;
};

/** The formats in table order. */
export const FORMAT_NAMES = Object.keys(ROWS) as FormatName[];

/** The first row: what a client that says nothing useful gets, and what OPML and "Subscribe" links offer. */
export const PREFERRED_FORMAT = FORMAT_NAMES[0] as FormatName;

export const FORMATS = Object.fromEntries(
	FORMAT_NAMES.map((name): [FormatName, Format] => {
		const row: FormatRow = ROWS[name];
		return [
			name,
			{
				...row,
				name,
				accepts: [row.mediaType, ...row.alsoAccepted],
				contentType: `${row.mediaType}; charset=utf-8`,
			},
		];
	}),
) as Record<FormatName, Format>;

/** A URL for each format of one feed. */
export type FeedLinks = Record<FormatName, string>;

const byExtension = new Map(Object.values(FORMATS).map((f) => [f.extension, f]));

export const formatByExtension = (extension: string): Format | undefined => byExtension.get(extension);
