/** What several pages list: articles, entities, and the feeds a page advertises. */
import { type ArticleIndex, type Edition, type Entity, loadArticle, needArticles, site } from "../content/index.ts";
import { showImage } from "../feeds/images.ts";
import { entityLabel, feedLinks, paths } from "../feeds/index.ts";
import { type Alternate, DateTime } from "./layout.tsx";

/** The site's feeds, as a page advertises them. */
export const siteAlternate = (origin: string): Alternate => ({
	title: site.title,
	feeds: feedLinks(origin, { type: "site" }),
});

/** An entity's feeds, as a page advertises them. */
export const entityAlternate = (origin: string, e: Entity): Alternate => ({
	title: `${entityLabel(e)} — ${site.title}`,
	feeds: feedLinks(origin, { type: e.type, slug: e.slug }),
});

/** How many articles a page lists: the newest; the feeds (and their paging) hold the rest. */
export const LISTED = 100;

/**
 * The newest articles, linked, with their dates; with `thumbnails` (the embed, when asked), each
 * beside its lead image's thumbnail, or an empty space of its size.
 */
export function ArticleList(props: {
	items: readonly ArticleIndex[];
	target?: string;
	/** The public origin, for thumbnails' absolute URLs. */
	thumbnails?: { origin: string };
	/** How many there are in all, when `items` holds the first of them only. */
	total?: number;
}) {
	if (props.items.length === 0) return <p>No articles yet.</p>;
	const listed = props.items.slice(0, LISTED);
	const more = (props.total ?? props.items.length) - LISTED;
	const thumbnails = props.thumbnails;
	// A link and a date come from the index; only thumbnails (a lead image) need the articles' bodies.
	if (thumbnails) needArticles(listed);
	return (
		<ul class={thumbnails ? "items thumbnails" : "items"}>
			{listed.map((a) => {
				const entry = (
					<>
						<a href={paths.article(a.slug)} target={props.target}>
							{a.title}
						</a>{" "}
						<small>
							<DateTime iso={a.date} />
						</small>
					</>
				);
				if (!thumbnails) return <li>{entry}</li>;
				const { image: lead } = loadArticle(a);
				const image = lead && showImage(thumbnails.origin, lead);
				return (
					<li>
						{image ? (
							<img
								src={image.thumbnail.url}
								width={image.thumbnail.width}
								height={image.thumbnail.height}
								alt={image.alt}
								loading="lazy"
								decoding="async"
							/>
						) : (
							<span class="no-thumbnail" />
						)}
						<span>{entry}</span>
					</li>
				);
			})}
			{more > 0 ? <li>…and {more} older, in the feeds.</li> : null}
		</ul>
	);
}

const count = (n: number) => `${n} article${n === 1 ? "" : "s"}`;

export function EntityList(props: { ed: Edition; entities: readonly Entity[] }) {
	return (
		<ul class="entities">
			{props.entities.map((e) => (
				<li>
					<a href={paths.entity(e.type, e.slug)}>{entityLabel(e)}</a>{" "}
					<span class="count">({count(props.ed.countOf(e))})</span>
				</li>
			))}
		</ul>
	);
}
