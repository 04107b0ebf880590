/**
 * The directory API (/api/people.json, /api/films.json): every entity with what a developer needs
 * to show it or subscribe to it. Its schema, and so its type, is in directory-schema.ts.
 */
import { articles, type Edition, type Entity, hasFeed } from "../content/index.ts";
import type { DirectoryEntry } from "./directory-schema.ts";
import { feedLinks } from "./model.ts";
import { paths } from "./urls.ts";

export type { DirectoryDocument, DirectoryEntry } from "./directory-schema.ts";

export function directoryEntry(ed: Edition, origin: string, e: Entity): DirectoryEntry {
	const list = ed.listOf(e);
	const first = list[0];
	return {
		slug: e.slug,
		name: e.name,
		aliases: e.aliases,
		kind: e.kind,
		...(e.year === undefined ? {} : { year: e.year }),
		description: e.description,
		article_count: list.length,
		newest_article: first === undefined ? null : (articles.at(first)?.date ?? null),
		url: origin + paths.entity(e.type, e.slug),
		feeds: hasFeed(e) ? feedLinks(origin, e) : null,
	};
}
