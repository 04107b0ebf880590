import { type Edition, ENTITY_TYPE_NAMES, ENTITY_TYPES, hasFeed, site } from "../content/index.ts";
import {
	buildFeed,
	canonicalSearch,
	entityLabel,
	type FeedRequest,
	FORMATS,
	feedLinks,
	paths,
} from "../feeds/index.ts";
import { DateTime, Layout, SubscribeBox } from "./layout.tsx";
import { siteAlternate } from "./lists.tsx";

/** How many of the combined feed's items the page previews. */
const PREVIEW = 10;
/** How many of each type the form offers, the most written about (any other can be named in the URL). */
const OFFERED = 200;

const chosenOf = (req: FeedRequest | undefined) =>
	new Set(req ? ENTITY_TYPE_NAMES.flatMap((type) => req.filters[type].map((e) => `${type}:${e.slug}`)) : []);

/**
 * /follow: pick people, films and series (a plain form, sent with GET, so it works without
 * JavaScript), and get one combined feed of the articles about any (or all) of them, in every
 * format, with a preview of its latest items and an OPML of the separate feeds. One feed is how a
 * reader avoids seeing one article in five feeds.
 */
export function followPage(ed: Edition, origin: string, req: FeedRequest | undefined, matchAll = false) {
	const chosen = chosenOf(req);
	// As the feed is made: "any" where the query says so, "all" for picks of several kinds without
	// it; for one kind (whose canonical query has no match) or none, "any", unless asked for "all".
	const kinds = req ? ENTITY_TYPE_NAMES.filter((type) => req.filters[type].length).length : 0;
	const any = req?.query.match === "any" || (kinds < 2 && !matchAll);
	const search = req ? canonicalSearch(req.query) : "";
	const doc = req && chosen.size ? buildFeed(req, origin) : undefined;
	const formats = Object.values(FORMATS).map((f) => f.label);
	return (
		<Layout
			origin={origin}
			path={paths.follow() + search}
			title="Follow several at once"
			description={`Pick the people, films and series you care about and get one feed of ${site.title}'s articles about them.`}
			alternates={doc ? [{ title: doc.title, feeds: doc.feeds }, siteAlternate(origin)] : [siteAlternate(origin)]}
			scripts={[paths.asset("copy.js")]}
		>
			<h1>Follow several at once</h1>
			<p>
				Pick whom and what you want to follow. You get one feed, in {formats.join(", ")}, of every article about them:
				an article about two of your picks comes once, not twice.
			</p>
			<form method="get" action={paths.follow()} class="follow">
				{ENTITY_TYPE_NAMES.map((type) => {
					// The most written about, and whatever was picked: a registry of 100,000 is no form.
					const top = ed.mostNamed(type, OFFERED);
					const offered = new Set(top.map((e) => e.slug));
					const picked = req ? req.filters[type].filter((e) => !offered.has(e.slug)) : [];
					const choices = [...top, ...picked].filter((e) => hasFeed(e) && ed.countOf(e) > 0);
					return choices.length ? (
						<fieldset>
							<legend>{ENTITY_TYPES[type].heading}</legend>
							{choices.map((e) => (
								<label>
									<input type="checkbox" name={type} value={e.slug} checked={chosen.has(`${type}:${e.slug}`)} />{" "}
									{entityLabel(e)} <span class="count">({ed.countOf(e)})</span>
								</label>
							))}
						</fieldset>
					) : null;
				})}
				<fieldset>
					<legend>Articles about</legend>
					<label>
						<input type="radio" name="match" value="any" checked={any} /> any of them
					</label>
					<label>
						<input type="radio" name="match" value="all" checked={!any} /> all of them (one of each kind picked)
					</label>
				</fieldset>
				<button type="submit">Make my feed</button>
			</form>
			{doc && req ? (
				<>
					<SubscribeBox id="follow" title={doc.title} feeds={feedLinks(origin, { type: "site" }, search)} />
					<p>
						Prefer them apart? <a href={paths.followOpml() + search}>Their separate feeds as OPML</a>.
					</p>
					<h2>Latest in this feed</h2>
					{doc.items.length ? (
						<ul class="items">
							{doc.items.slice(0, PREVIEW).map((item) => (
								<li>
									<a href={item.url}>{item.title}</a>{" "}
									<small>
										<DateTime iso={item.published} />
									</small>
								</li>
							))}
						</ul>
					) : (
						<p>No articles about all of them yet. Try "any of them".</p>
					)}
				</>
			) : null}
		</Layout>
	);
}
