import { type EntityType, entitiesOf, hasFeed, rowOf, site } from "../content/index.ts";
import { paths } from "../feeds/index.ts";
import { Layout } from "./layout.tsx";
import { EntityList, siteAlternate } from "./lists.tsx";

/** Every person, or every film (and other work), with a link to each one's page. */
export function directoryPage(origin: string, type: EntityType) {
	const all = entitiesOf(type);
	const row = rowOf(type);
	const others = all.filter((e) => !hasFeed(e));
	return (
		<Layout
			origin={origin}
			path={paths.directory(type)}
			title={row.heading}
			description={`Every ${type} that articles on ${site.title} mention, with a feed for each.`}
			alternates={[siteAlternate(origin)]}
			section={type}
		>
			<h1>{row.heading}</h1>
			<p>Each has a page and its own feed of the articles that mention them.</p>
			<EntityList entities={all.filter(hasFeed)} />
			{others.length > 0 && row.others ? (
				<>
					<h2>{row.others.heading}</h2>
					<p>{row.others.note}</p>
					<EntityList entities={others} />
				</>
			) : null}
		</Layout>
	);
}
