import { Feed, type Author as FeedAuthor } from "feed";
import type { Author } from "../content/index.ts";
import type { FeedDoc } from "./model.ts";

/** Our author as the `feed` package's (`link` where we say `url`). */
export const toFeedAuthor = (author: Author): FeedAuthor => ({
	name: author.name,
	...(author.email ? { email: author.email } : {}),
	...(author.url ? { link: author.url } : {}),
});

/**
 * A `feed` package Feed for the RSS and Atom renderers, with every date passed explicitly (the
 * package would otherwise use "now") and a fixed generator, so the output is deterministic.
 */
export function createFeed(doc: FeedDoc, self: { rss: string } | { atom: string }): Feed {
	return new Feed({
		id: doc.id,
		title: doc.title,
		description: doc.description,
		link: doc.homePageUrl,
		language: doc.language,
		updated: new Date(doc.updated),
		generator: "reelfeed",
		author: toFeedAuthor(doc.author),
		feedLinks: self,
	});
}
