/**
 * Which feeds a deploy changes: those whose fingerprint in this build's history differs from the
 * previous deploy's (content/feed-history.json, the record a deploy keeps). The deploy tells the
 * site's WebSub hubs of exactly these (scripts/publish.ts). A change of the code or site
 * settings' revision may change every feed's bytes, so it names them all. Entities only embargoed
 * articles name are left to the Worker, which tells the hubs when they are revealed.
 */
import { hiddenAt } from "../../src/content/edition.ts";
import { ENTITY_TYPE_NAMES, kindHasFeed } from "../../src/content/entity-types.ts";
import type { CompiledContent } from "../../src/content/types.ts";
import type { FeedScope } from "../../src/feeds/urls.ts";
import { type FeedHistory, historyKey } from "./history.ts";

/** What scripts/publish.ts reads: the site's origin and hubs, and the feeds the deploy changed. */
export type PublishList = {
	origin: string | null;
	hubs: string[];
	builtAt: string;
	changed: FeedScope[];
	/**
	 * The build's embargoes and the feeds each changes when revealed. One revealed between the build
	 * and the publish step (while the deploy went live) is told by the publish step: the old
	 * deployment never had it, and the new one's Cron Trigger only looks at the minute before it runs.
	 */
	embargoes: { date: string; feeds: FeedScope[] }[];
};

export function changedFeeds(previous: FeedHistory, content: CompiledContent): FeedScope[] {
	const changed = (key: string) => previous[key]?.fingerprint !== content.history[key]?.fingerprint;
	const all = changed(historyKey.revision);
	const scopes: FeedScope[] = all || changed(historyKey.site) ? [{ type: "site" }] : [];
	for (const type of ENTITY_TYPE_NAMES)
		for (const e of content.entities[type])
			if (
				kindHasFeed(type, e.kind) &&
				!hiddenAt(e.articles, content.embargoes.length) &&
				(all || changed(historyKey.entity(type, e.slug)))
			)
				scopes.push({ type, slug: e.slug });
	return scopes;
}

/** A list still to send and a new one, as one: every feed either names, each once. */
export function mergeLists(unsent: PublishList | undefined, next: PublishList): PublishList {
	if (!unsent) return next;
	const key = (s: FeedScope) => (s.type === "site" ? "site" : `${s.type}/${s.slug}`);
	const changed = new Map([...unsent.changed, ...next.changed].map((s) => [key(s), s]));
	return { ...next, changed: [...changed.values()], embargoes: [...(unsent.embargoes ?? []), ...next.embargoes] };
}

export function publishList(previous: FeedHistory, content: CompiledContent, now: number): PublishList {
	const registry = new Map(
		ENTITY_TYPE_NAMES.flatMap((type) => content.entities[type]).map((e) => [`${e.type}/${e.slug}`, e]),
	);
	return {
		origin: content.site.baseUrl ?? null,
		hubs: content.site.hubs,
		builtAt: new Date(now).toISOString(),
		changed: changedFeeds(previous, content),
		embargoes: content.embargoes.map((date, i) => ({
			date,
			feeds: [
				{ type: "site" } as FeedScope,
				...(content.articles[i]?.entities ?? []).flatMap((ref): FeedScope[] => {
					const e = registry.get(`${ref.type}/${ref.slug}`);
					return e && kindHasFeed(e.type, e.kind) ? [{ type: ref.type, slug: ref.slug }] : [];
				}),
			],
		})),
	};
}
