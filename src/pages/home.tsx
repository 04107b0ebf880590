import { type Edition, ENTITY_TYPE_NAMES, ENTITY_TYPES, site } from "../content/index.ts";
import { FORMATS, feedLinks, paths } from "../feeds/index.ts";
import { Layout, SubscribeBox } from "./layout.tsx";
import { ArticleList, EntityList, siteAlternate } from "./lists.tsx";
import { websiteData } from "./structured-data.ts";

const FORMAT_LABELS = Object.values(FORMATS).map((f) => f.label);

/** How many of each type the home page names, the most written about: the directory pages list them all. */
const ON_HOME = 30;

/** The home page: the latest articles, the most written about of each type with a feed, and the site's feeds. */
export function homePage(ed: Edition, origin: string) {
	return (
		<Layout
			origin={origin}
			path={paths.home()}
			title={site.title}
			description={site.description}
			alternates={[siteAlternate(origin)]}
			section="home"
			structuredData={websiteData(origin)}
			scripts={[paths.asset("copy.js")]}
		>
			<h1>{site.title}</h1>
			<p>
				{site.description} Follow the whole site, or only the{" "}
				{ENTITY_TYPE_NAMES.map((t) => ENTITY_TYPES[t].plural).join(" and ")} you care about: each has its own feed, in{" "}
				{FORMAT_LABELS.slice(0, -1).join(", ")} and {FORMAT_LABELS.at(-1)}.
			</p>
			<h2>Latest articles</h2>
			<ArticleList items={ed.newest(20)} />
			{ENTITY_TYPE_NAMES.map((type) => {
				const all = ed.entityCount(type).withFeeds;
				const shown = ed.mostNamed(type, ON_HOME);
				return (
					<>
						<h2>{ENTITY_TYPES[type].heading}</h2>
						<EntityList ed={ed} entities={shown} />
						{all > shown.length ? (
							<p>
								<a href={paths.directory(type)}>
									All {all} {ENTITY_TYPES[type].plural} →
								</a>
							</p>
						) : null}
					</>
				);
			})}
			<SubscribeBox id="site" title="Subscribe to every article" feeds={feedLinks(origin, { type: "site" })} />
			<p>
				Several at once? <a href={paths.follow()}>Pick them and get one feed</a>. Importing into a reader?{" "}
				<a href={paths.opml()}>Every feed as OPML</a>.
			</p>
		</Layout>
	);
}
