import { type Edition, type EntityType, hasFeed, rowOf, site } from "../content/index.ts";
import { paths } from "../feeds/index.ts";
import { Layout } from "./layout.tsx";
import { EntityList, siteAlternate } from "./lists.tsx";

/** Every person, or every film (and other work), with a link to each one's page. */
export function directoryPage(ed: Edition, origin: string, type: EntityType) {
	const all = ed.entitiesOf(type);
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
			<EntityList ed={ed} entities={all.filter(hasFeed)} />
			{others.length > 0 && row.others ? (
				<>
					<h2>{row.others.heading}</h2>
					<p>{row.others.note}</p>
					<EntityList ed={ed} entities={others} />
				</>
			) : null}
		</Layout>
	);
}
