/**
 * A made-up feed document: what an isolate's start renders (src/http/warm.ts) so that V8 compiles
 * the feed code then, rather than in the first request that needs it. It reads no content file:
 * its two articles are made up here, with every field an item shows, and its URLs are under an
 * origin no request has.
 */
import { type Article, site } from "../content/index.ts";
import { type FeedDoc, feedLinks, itemFrom } from "./model.ts";
import { paths } from "./urls.ts";

/** An origin no request has (RFC 2606): what the made-up feed's URLs are made with. */
export const MADE_UP_ORIGIN = "https://warm-up.invalid";
const ORIGIN = MADE_UP_ORIGIN;

const image = (url: string, width: number, height: number) => ({ url, width, height, type: "image/jpeg" });

/** Two made-up articles: one with everything (lead image, correction, source, entities), one plain. */
const ARTICLES: Article[] = [
	{
		position: 0,
		slug: "warm-up",
		date: "2020-01-02T00:00:00.000Z",
		updated: "2020-01-03T00:00:00.000Z",
		rev: "warm-up-1",
		id: `tag:${site.idAuthority}:articles/2020-01-02/warm-up`,
		title: "A “made-up” article & its <title>",
		summary: "Text to warm up with.",
		source: "https://example.com/source",
		image: {
			alt: "An image",
			credit: "Someone",
			caption: "A caption",
			sizes: [image("/images/a-320.jpg", 320, 180), image("/images/a-1280.jpg", 1280, 720)],
			squares: [image("/images/a-sq.jpg", 256, 256)],
			rss: image("/images/a-rss.jpg", 144, 81),
		},
		corrections: [{ date: "2020-01-03T00:00:00.000Z", note: "A correction." }],
		html: '<p>Text with <a href="https://example.com/">a link</a> and <em>emphasis</em>.</p>\n<ul>\n<li>A list</li>\n</ul>',
		hasRelativeUrls: false,
		entities: [
			{ type: "person", slug: "warm-up-person", name: "A Person", kind: "person" },
			{ type: "film", slug: "warm-up-film", name: "A Film", kind: "film", year: 2020 },
		],
	},
	{
		position: 1,
		slug: "warm-up-2",
		date: "2020-01-01T00:00:00.000Z",
		updated: "2020-01-01T00:00:00.000Z",
		rev: "warm-up-2",
		id: `tag:${site.idAuthority}:articles/2020-01-01/warm-up-2`,
		title: "Another",
		summary: "More text.",
		author: { name: "An Author" },
		html: "<p>More text.</p>",
		hasRelativeUrls: false,
		entities: [],
	},
];

/** The made-up feed: its two articles as a feed of the site, with a next page. */
export function madeUpFeed(): FeedDoc {
	const scope = { type: "site" } as const;
	return {
		scope,
		id: `tag:${site.idAuthority}:warm-up`,
		title: site.title,
		description: site.description,
		language: site.language,
		homePageUrl: ORIGIN + paths.home(),
		feeds: feedLinks(ORIGIN, scope),
		paging: { first: feedLinks(ORIGIN, scope), next: feedLinks(ORIGIN, scope, "?before=x") },
		updated: "2020-01-03T00:00:00.000Z",
		author: site.author,
		hubs: site.hubs,
		icons: {
			large: `${ORIGIN}/large.png`,
			icon: `${ORIGIN}/icon.png`,
			favicon: `${ORIGIN}/favicon.png`,
			logo: `${ORIGIN}/logo.png`,
			rss: image(`${ORIGIN}/rss.png`, 144, 144),
		},
		items: ARTICLES.map((a) => itemFrom(ORIGIN, a)),
	};
}
