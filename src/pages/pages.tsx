import { raw } from "hono/html";
import {
	type Article,
	articleHtml,
	articles,
	articlesOf,
	type Entity,
	entityOf,
	hasFeed,
	site,
} from "../content/index.ts";
import { entityLabel, feedLinks, paths } from "../feeds/index.ts";
import { type Alternate, FeedList, Layout } from "./layout.tsx";

const siteAlternate = (origin: string): Alternate => ({
	title: site.title,
	feeds: feedLinks(origin, { type: "site" }),
});

const entityAlternate = (origin: string, e: Entity): Alternate => ({
	title: `${entityLabel(e)} — ${site.title}`,
	feeds: feedLinks(origin, { type: e.type, slug: e.slug }),
});

const day = (iso: string) => iso.slice(0, 10);

function ArticleList(props: { items: readonly Article[] }) {
	return (
		<ul>
			{props.items.map((a) => (
				<li>
					<a href={paths.article(a.slug)}>{a.title}</a> <small>{day(a.date)}</small>
				</li>
			))}
		</ul>
	);
}

export function homePage(origin: string) {
	return (
		<Layout
			origin={origin}
			path="/"
			title={site.title}
			description={site.description}
			alternates={[siteAlternate(origin)]}
		>
			<h1>{site.title}</h1>
			<p>{site.description}</p>
			<h2>Latest articles</h2>
			<ArticleList items={articles.slice(0, 20)} />
			<h2>Subscribe to every article</h2>
			<FeedList feeds={feedLinks(origin, { type: "site" })} />
		</Layout>
	);
}

export function articlePage(origin: string, article: Article) {
	const tagged = article.entities.map(entityOf);
	return (
		<Layout
			origin={origin}
			path={paths.article(article.slug)}
			title={article.title}
			description={article.summary}
			alternates={[siteAlternate(origin), ...tagged.filter(hasFeed).map((e) => entityAlternate(origin, e))]}
		>
			<article>
				<h1>{article.title}</h1>
				<p class="meta">
					<time datetime={article.date}>{day(article.date)}</time>
					{article.updated !== article.date ? (
						<>
							{" "}
							· updated <time datetime={article.updated}>{day(article.updated)}</time>
						</>
					) : null}
					{article.source ? <> · source: {article.source}</> : null}
					{article.author ? <> · by {article.author.name}</> : null}
				</p>
				{raw(articleHtml(article, origin))}
			</article>
			{tagged.length > 0 ? (
				<aside aria-labelledby="mentions">
					<h2 id="mentions">In this article</h2>
					<ul>
						{tagged.map((e) => (
							<li>
								<a href={paths.entity(e.type, e.slug)}>{entityLabel(e)}</a>
							</li>
						))}
					</ul>
				</aside>
			) : null}
		</Layout>
	);
}

export function entityPage(origin: string, entity: Entity) {
	return (
		<Layout
			origin={origin}
			path={paths.entity(entity.type, entity.slug)}
			title={entityLabel(entity)}
			description={entity.description}
			alternates={[siteAlternate(origin), ...(hasFeed(entity) ? [entityAlternate(origin, entity)] : [])]}
		>
			<h1>{entityLabel(entity)}</h1>
			<p>{entity.description}</p>
			<h2>Articles</h2>
			<ArticleList items={articlesOf(entity)} />
			{hasFeed(entity) ? (
				<>
					<h2>Subscribe</h2>
					<FeedList feeds={feedLinks(origin, { type: entity.type, slug: entity.slug })} />
				</>
			) : null}
		</Layout>
	);
}
