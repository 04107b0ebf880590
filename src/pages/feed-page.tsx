import type { FeedDoc, Format } from "../feeds/index.ts";
import { FORMATS, paths } from "../feeds/index.ts";
import { CopyField, DateTime, Layout } from "./layout.tsx";

const OTHERS = Object.values(FORMATS);

/**
 * What a browser shows for an RSS or Atom feed URL (see View in src/http/feeds.ts): what the feed
 * is, how to subscribe (its address to copy, the same URL), its items, its other formats, and the
 * way back to the site. Built from the same feed document as the feed, so it lists exactly the
 * items a reader would get; it needs no script (the copy button is the only one).
 */
export function feedPage(origin: string, doc: FeedDoc, format: Format) {
	const self = doc.feeds[format.name];
	const path = self.slice(origin.length);
	return (
		<Layout
			origin={origin}
			path={path}
			title={`${doc.title} (${format.label} feed)`}
			description={doc.description}
			alternates={[{ title: doc.title, feeds: doc.feeds, first: format.name }]}
			scripts={[paths.asset("copy.js")]}
		>
			<h1>{doc.title}</h1>
			<p>{doc.description}</p>
			<section class="subscribe" aria-labelledby="subscribe-heading">
				<h2 id="subscribe-heading">Subscribe</h2>
				<p>
					This page is a web feed ({format.label}). Paste its address into a feed reader (NetNewsWire, Feedly,
					Inoreader, Miniflux…) to get every new article as it is published.
				</p>
				<CopyField id="feed-url" label="Address" value={self} />
				<p>
					Also as{" "}
					{OTHERS.filter((f) => f.name !== format.name).map((f, i) => (
						<>
							{i > 0 ? " and " : ""}
							<a href={doc.feeds[f.name]}>{f.label}</a>
						</>
					))}
					. <a href={doc.homePageUrl}>Back to {doc.homePageUrl === `${origin}/` ? "the site" : "the page"}</a>.
				</p>
			</section>
			<h2>
				{doc.items.length === 0
					? "No articles yet"
					: `The ${doc.items.length} latest article${doc.items.length === 1 ? "" : "s"}`}
			</h2>
			<ul class="items feed-items">
				{doc.items.map((item) => (
					<li>
						<a href={item.url}>{item.title}</a>{" "}
						<small>
							<DateTime iso={item.published} />
						</small>
						<p>{item.summary}</p>
					</li>
				))}
			</ul>
			{doc.paging ? (
				<nav aria-label="Pages of this feed" class="pager">
					{doc.paging.previous ? <a href={doc.paging.previous[format.name]}>Newer articles</a> : null}{" "}
					{doc.paging.next ? <a href={doc.paging.next[format.name]}>Older articles</a> : null}
				</nav>
			) : null}
		</Layout>
	);
}
