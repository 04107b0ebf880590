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
	entityOf,
	hasFeed,
	loadArticle,
	needArticles,
	site,
} from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { PREFERRED_FORMAT } from "./formats.ts";
import { entityLabel } from "./model.ts";
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

/** Every feed: the site's, then every entity's that has one (and the edition shows), grouped by type. */
export function allFeedsOpml(ed: Edition, origin: string): string {
	return document(ed, `${site.title}: every feed`, [
		{
			text: site.title,
			xmlUrl: origin + paths.feed({ type: "site" }, PREFERRED_FORMAT),
			htmlUrl: origin + paths.home(),
			description: site.description,
		},
		...ENTITY_TYPE_NAMES.map((type) => ({
			text: ENTITY_TYPES[type].heading,
			children: ed
				.entitiesOf(type)
				.filter(hasFeed)
				.map((e) => entityOutline(origin, e)),
		})),
	]);
}

/** The people tagged in a film's articles, most often first (then in registry order). */
function peopleAlongside(ed: Edition, film: Entity): Entity[] {
	const counts = new Map<Entity, number>();
	const list = ed.listOf(film);
	articles.need(list);
	needArticles(list.map((i) => articles.at(i) as ArticleIndex));
	for (const index of list) {
		const entry = articles.at(index);
		for (const ref of entry ? loadArticle(entry).entities : []) {
			if (ref.type !== "person") continue;
			const person = entityOf(ref);
			counts.set(person, (counts.get(person) ?? 0) + 1);
		}
	}
	return [...counts].sort(([, a], [, b]) => b - a).map(([person]) => person);
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
