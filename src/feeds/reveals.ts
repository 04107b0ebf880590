/**
 * Which feeds an embargo lifting changes, for the Worker's scheduled handler to tell the WebSub
 * hubs (src/index.ts): every run looks at the reveals of the minute that ends at its scheduled
 * time, so each reveal is told once, within a minute of its instant.
 */
import { articles, content, kindHasFeed, loadArticle } from "../content/index.ts";
import type { FeedScope } from "./urls.ts";
import { REVEAL_WINDOW_MS } from "./websub.ts";

export { REVEAL_WINDOW_MS };

/** The feeds that the articles revealed after `from` and up to `to` (ms) are in: the site's and their entities'. */
export function revealedFeeds(from: number, to: number): FeedScope[] {
	const scopes = new Map<string, FeedScope>();
	content.embargoes.forEach((date, position) => {
		const at = Date.parse(date);
		if (at <= from || at > to) return;
		scopes.set("site", { type: "site" });
		const entry = articles.at(position);
		for (const ref of entry ? loadArticle(entry).entities : []) {
			if (kindHasFeed(ref.type, ref.kind)) scopes.set(`${ref.type}/${ref.slug}`, { type: ref.type, slug: ref.slug });
		}
	});
	return [...scopes.values()];
}
