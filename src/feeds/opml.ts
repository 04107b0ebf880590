/**
 * OPML 2.0 subscription lists (http://opml.org/spec2.opml): feed readers import them to subscribe
 * to many feeds at once. Each feed is an outline of type "rss" (the OPML word for any feed) with
 * its RSS URL, grouped in outlines without a type.
 */
import {
	type ArticleIndex,
	articles,
	type Edition,
	ENTITY_TYPE_NAMES,
	ENTITY_TYPES,
	type Entity,
	type EntityRef,
	type EntityType,
	entityOf,
	loadArticle,
	needArticles,
	needEntities,
	site,
} from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { PREFERRED_FORMAT } from "./formats.ts";
import { entityLabel } from "./model.ts";
import { PAGE_SIZE, type Paged, pageOf } from "./paging.ts";
import type { Resolved } from "./resolve.ts";
import { paths } from "./urls.ts";

type Outline = { text: string; xmlUrl?: string; htmlUrl?: string; description?: string; children?: Outline[] };

const attr = (name: string, value: string | undefined) =>
	value === undefined ? "" : ` ${name}="${escapeHtml(value)}"`;

function outline(o: Outline, indent: string): string {
	const attrs = `${attr("text", o.text)}${attr("title", o.text)}${o.xmlUrl ? ' type="rss"' : ""}${attr("xmlUrl", o.xmlUrl)}${attr("htmlUrl", o.htmlUrl)}${attr("description", o.description)}`;
	if (!o.children) return `${indent}<outline${attrs}/>`;
	return `${indent}<outline${attrs}>\n${o.children.map((c) => outline(c, `${indent}  `)).join("\n")}\n${indent}</outline>`;
}

function document(ed: Edition, title: string, body: Outline[]): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${escapeHtml(title)}</title>
    <dateCreated>${new Date(ed.updated).toUTCString()}</dateCreated>
    <ownerName>${escapeHtml(site.author.name)}</ownerName>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
${body.map((o) => outline(o, "    ")).join("\n")}
  </body>
</opml>
`;
}

const entityOutline = (origin: string, e: Entity): Outline => ({
	text: `${entityLabel(e)} — ${site.title}`,
	xmlUrl: origin + paths.feed({ type: e.type, slug: e.slug }, PREFERRED_FORMAT),
	htmlUrl: origin + paths.entity(e.type, e.slug),
	description: e.description,
});

/**
 * Entity feeds `from` to `to` of all the edition shows, type after type, each in registry order
 * (those with feeds come first in each type's table): what the pages of /feeds.opml list.
 */
function feedEntities(ed: Edition, from: number, to: number): Entity[] {
	const out: Entity[] = [];
	let offset = 0;
	for (const type of ENTITY_TYPE_NAMES) {
		const n = ed.entityCount(type).withFeeds;
		const a = Math.max(from, offset);
		const b = Math.min(to, offset + n);
		if (a < b) out.push(...ed.entitiesOf(type, a - offset, b - offset));
		offset += n;
	}
	return out;
}

/** Page `page` of every feed: PAGE_SIZE.opml entity feeds to a page, the site's first on the first. */
export const allFeedsPaged = (ed: Edition, page: number): Resolved<Paged<Entity>> =>
	pageOf(
		ENTITY_TYPE_NAMES.reduce((sum, type) => sum + ed.entityCount(type).withFeeds, 0),
		page,
		PAGE_SIZE.opml,
		"feeds in OPML",
		(from, to) => feedEntities(ed, from, to),
	);

/**
 * A page of every feed: the site's (on the first page), then each entity's that has one (and the
 * edition shows), grouped by type. A reader imports each page; the Link header names the next.
 */
export function allFeedsOpml(ed: Edition, origin: string, paged: Paged<Entity>): string {
	const of = (type: EntityType) => paged.items.filter((e) => e.type === type);
	const title = `${site.title}: every feed${paged.pages > 1 ? ` (page ${paged.page} of ${paged.pages})` : ""}`;
	return document(ed, title, [
		...(paged.page === 1
			? [
					{
						text: site.title,
						xmlUrl: origin + paths.feed({ type: "site" }, PREFERRED_FORMAT),
						htmlUrl: origin + paths.home(),
						description: site.description,
					},
				]
			: []),
		...ENTITY_TYPE_NAMES.filter((type) => paged.pages === 1 || of(type).length).map((type) => ({
			text: ENTITY_TYPES[type].heading,
			children: of(type).map((e) => entityOutline(origin, e)),
		})),
	]);
}

/**
 * How many of a film's articles, the newest, its people OPML reads: a response reads a bounded
 * number of bodies, however many articles a franchise has had in 25 years.
 */
export const ALONGSIDE_ARTICLES = 500;

/** The people tagged in a film's latest articles, most often first (then as first seen, newest first). */
function peopleAlongside(ed: Edition, film: Entity): Entity[] {
	const counts = new Map<string, { ref: EntityRef; count: number }>();
	const list = ed.listOf(film).slice(0, ALONGSIDE_ARTICLES);
	articles.need(list);
	needArticles(list.map((i) => articles.at(i) as ArticleIndex));
	for (const index of list) {
		const entry = articles.at(index);
		for (const ref of entry ? loadArticle(entry).entities : []) {
			if (ref.type !== "person") continue;
			const seen = counts.get(ref.slug) ?? { ref, count: 0 };
			seen.count++;
			counts.set(ref.slug, seen);
		}
	}
	const ranked = [...counts.values()].sort((a, b) => b.count - a.count).map((c) => c.ref);
	// Whole, for their descriptions: their files asked for at once.
	needEntities(ranked);
	return ranked.map(entityOf);
}

/** The feeds of everyone tagged alongside a film. */
export function filmPeopleOpml(ed: Edition, origin: string, film: Entity): string {
	const title = `${ENTITY_TYPES.person.heading} in ${entityLabel(film)} articles`;
	return document(ed, `${title} — ${site.title}`, [
		{
			text: title,
			children: peopleAlongside(ed, film).map((e) => entityOutline(origin, e)),
		},
	]);
}

/** The separate feeds of a /follow selection, for readers that prefer them apart. */
export function selectionOpml(ed: Edition, origin: string, chosen: readonly Entity[]): string {
	return document(ed, `${site.title}: ${chosen.map(entityLabel).join(", ")}`, [
		{ text: site.title, children: chosen.map((e) => entityOutline(origin, e)) },
	]);
}
