/**
 * The directory API (/api/people.json, /api/films.json): every entity with what a developer needs
 * to show it or subscribe to it, a page at a time. Its schema, and so its type, is in directory-schema.ts.
 */
import { type Edition, ENTITY_TYPES, type Entity, type EntityType, hasFeed } from "../content/index.ts";
import type { DirectoryDocument, DirectoryEntry } from "./directory-schema.ts";
import { feedLinks } from "./model.ts";
import { PAGE_SIZE, type Paged, pageLinks, pageOf } from "./paging.ts";
import type { Resolved } from "./resolve.ts";
import { paths } from "./urls.ts";

export type { DirectoryDocument, DirectoryEntry } from "./directory-schema.ts";

export function directoryEntry(ed: Edition, origin: string, e: Entity): DirectoryEntry {
	return {
		slug: e.slug,
		name: e.name,
		aliases: e.aliases,
		kind: e.kind,
		...(e.year === undefined ? {} : { year: e.year }),
		description: e.description,
		// From the registry's record, not the entity's list: a page of 500 reads no list.
		article_count: ed.countOf(e),
		newest_article: ed.newestOf(e) ?? null,
		url: origin + paths.entity(e.type, e.slug),
		feeds: hasFeed(e) ? feedLinks(origin, e) : null,
	};
}

/** Page `page` of the directory of a type: its entities, in registry order, PAGE_SIZE.api to a page. */
export const directoryPaged = (ed: Edition, type: EntityType, page: number): Resolved<Paged<Entity>> =>
	pageOf(ed.entityCount(type).all, page, PAGE_SIZE.api, `the ${ENTITY_TYPES[type].plural} directory`, (from, to) =>
		ed.entitiesOf(type, from, to),
	);

/** A page of the directory as the API serves it (`/api/people.json?page=2`), with where the pages around it are. */
export function directoryDocument(
	ed: Edition,
	origin: string,
	type: EntityType,
	paged: Paged<Entity>,
): DirectoryDocument {
	return {
		[ENTITY_TYPES[type].plural]: paged.items.map((e) => directoryEntry(ed, origin, e)),
		page: paged.page,
		pages: paged.pages,
		...pageLinks(origin + paths.api(type), paged),
	} as DirectoryDocument;
}
