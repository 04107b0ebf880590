import { type Edition, type Entity, type EntityType, hasFeed, rowOf, site } from "../content/index.ts";
import { paths } from "../feeds/index.ts";
import { PAGE_SIZE, type Paged, pageLinks, pageOf } from "../feeds/paging.ts";
import type { Resolved } from "../feeds/resolve.ts";
import { Layout } from "./layout.tsx";
import { EntityList, siteAlternate } from "./lists.tsx";

/**
 * Page `page` of a type's directory: PAGE_SIZE.directory links to a page, of every person (or
 * film…) the edition shows, those with feeds first, in registry order (the table's own order).
 */
export const directoryPagePaged = (ed: Edition, type: EntityType, page: number): Resolved<Paged<Entity>> =>
	pageOf(ed.entityCount(type).all, page, PAGE_SIZE.directory, `the ${rowOf(type).plural} directory`, (from, to) =>
		ed.entitiesOf(type, from, to),
	);

/** A page of every person, or every film (and other work), with a link to each one's page. */
export function directoryPage(ed: Edition, origin: string, type: EntityType, paged: Paged<Entity>) {
	const row = rowOf(type);
	const fed = paged.items.filter(hasFeed);
	const others = paged.items.filter((e) => !hasFeed(e));
	const { previous, next } = pageLinks(paths.directory(type), paged);
	return (
		<Layout
			origin={origin}
			path={paths.directory(type) + (paged.page > 1 ? `?page=${paged.page}` : "")}
			title={paged.pages > 1 ? `${row.heading} (page ${paged.page} of ${paged.pages})` : row.heading}
			description={`Every ${type} that articles on ${site.title} mention, with a feed for each.`}
			alternates={[siteAlternate(origin)]}
			section={type}
		>
			<h1>{row.heading}</h1>
			<p>Each has a page and its own feed of the articles that mention them.</p>
			{fed.length > 0 || others.length === 0 ? <EntityList ed={ed} entities={fed} /> : null}
			{others.length > 0 && row.others ? (
				<>
					<h2>{row.others.heading}</h2>
					<p>{row.others.note}</p>
					<EntityList ed={ed} entities={others} />
				</>
			) : null}
			{paged.pages > 1 ? (
				<nav class="pages" aria-label="Pages">
					{previous ? (
						<a href={previous} rel="prev">
							← Previous page
						</a>
					) : null}{" "}
					<span>
						Page {paged.page} of {paged.pages}
					</span>{" "}
					{next ? (
						<a href={next} rel="next">
							Next page →
						</a>
					) : null}
				</nav>
			) : null}
		</Layout>
	);
}
