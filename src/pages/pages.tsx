import { raw } from "hono/html";
import {
	type Article,
	type ArticleIndex,
	articleHtml,
	articlesOf,
	type Entity,
	type EntityType,
	entitiesOf,
	entityOf,
	hasFeed,
	loadArticle,
	newest,
	site,
} from "../content/index.ts";
import { entityLabel, feedLinks, paths } from "../feeds/index.ts";
import type { HttpError } from "../http/errors.ts";
import { type Alternate, CopyField, DateTime, Layout, SubscribeBox, type Theme } from "./layout.tsx";

const siteAlternate = (origin: string): Alternate => ({
	title: site.title,
	feeds: feedLinks(origin, { type: "site" }),
});

const entityAlternate = (origin: string, e: Entity): Alternate => ({
	title: `${entityLabel(e)} — ${site.title}`,
	feeds: feedLinks(origin, { type: e.type, slug: e.slug }),
});

const SECTION = { person: "people", film: "films" } as const;

/** How many articles a page lists: the newest; the feeds (and their paging) hold the rest. */
const LISTED = 100;

function ArticleList(props: { items: readonly ArticleIndex[]; target?: string }) {
	if (props.items.length === 0) return <p>No articles yet.</p>;
	const more = props.items.length - LISTED;
	return (
		<ul class="items">
			{props.items
				.slice(0, LISTED)
				.map(loadArticle)
				.map((a) => (
					<li>
						<a href={paths.article(a.slug)} target={props.target}>
							{a.title}
						</a>{" "}
						<small>
							<DateTime iso={a.date} />
						</small>
					</li>
				))}
			{more > 0 ? <li>…and {more} older, in the feeds.</li> : null}
		</ul>
	);
}

const count = (n: number) => `${n} article${n === 1 ? "" : "s"}`;

function EntityList(props: { entities: readonly Entity[] }) {
	return (
		<ul class="entities">
			{props.entities.map((e) => (
				<li>
					<a href={paths.entity(e.type, e.slug)}>{entityLabel(e)}</a>{" "}
					<span class="count">({count(e.articles.length)})</span>
				</li>
			))}
		</ul>
	);
}

export function homePage(origin: string) {
	const films = entitiesOf("film").filter(hasFeed);
	return (
		<Layout
			origin={origin}
			path="/"
			title={site.title}
			description={site.description}
			alternates={[siteAlternate(origin)]}
			section="home"
			scripts={["/assets/copy.js"]}
		>
			<h1>{site.title}</h1>
			<p>
				{site.description} Follow the whole site, or only the people and films you care about: each has its own feed, in
				RSS, Atom and JSON Feed.
			</p>
			<h2>Latest articles</h2>
			<ArticleList items={newest(20)} />
			<h2>People</h2>
			<EntityList entities={entitiesOf("person")} />
			<h2>Films</h2>
			<EntityList entities={films} />
			<SubscribeBox id="site" title="Subscribe to every article" feeds={feedLinks(origin, { type: "site" })} />
			<p>
				Importing into a reader? <a href="/feeds.opml">Every feed as OPML</a>.
			</p>
		</Layout>
	);
}

export function directoryPage(origin: string, type: EntityType) {
	const all = entitiesOf(type);
	const title = type === "person" ? "People" : "Films";
	const others = all.filter((e) => !hasFeed(e));
	return (
		<Layout
			origin={origin}
			path={`/${SECTION[type]}`}
			title={title}
			description={`Every ${type} that articles on ${site.title} mention, with a feed for each.`}
			alternates={[siteAlternate(origin)]}
			section={SECTION[type]}
		>
			<h1>{title}</h1>
			<p>Each has a page and its own feed of the articles that mention them.</p>
			<EntityList entities={all.filter(hasFeed)} />
			{others.length > 0 ? (
				<>
					<h2>Other works</h2>
					<p>Series, games and comics the articles mention. They have pages, but only films have feeds.</p>
					<EntityList entities={others} />
				</>
			) : null}
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
			ogType="article"
			alternates={[siteAlternate(origin), ...tagged.filter(hasFeed).map((e) => entityAlternate(origin, e))]}
		>
			<article>
				<h1>{article.title}</h1>
				<p class="meta">
					<DateTime iso={article.date} />
					{article.updated !== article.date ? (
						<>
							{" "}
							· updated <DateTime iso={article.updated} />
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
					{(["person", "film"] as const).map((type) => {
						const group = tagged.filter((e) => e.type === type);
						return group.length ? (
							<>
								<h3>{type === "person" ? "People" : "Films and other works"}</h3>
								<ul class="entities">
									{group.map((e) => (
										<li>
											<a href={paths.entity(e.type, e.slug)}>{entityLabel(e)}</a>
										</li>
									))}
								</ul>
							</>
						) : null;
					})}
				</aside>
			) : null}
		</Layout>
	);
}

/** The two ways to show an entity's latest articles on another site. */
export function embedSnippets(origin: string, entity: Entity) {
	const feed = `${origin}${paths.feed({ type: entity.type, slug: entity.slug }, "json")}`;
	return {
		element: `<script src="${origin}/embed.js" async></script>\n<reelfeed-list src="${feed}" limit="5"></reelfeed-list>`,
		iframe: `<iframe src="${origin}${paths.embed(entity.type, entity.slug)}" title="${entityLabel(entity).replace(/"/g, "&quot;")}: latest articles" width="100%" height="320" style="border:0"></iframe>`,
	};
}

export function entityPage(origin: string, entity: Entity) {
	const list = articlesOf(entity);
	const snippets = embedSnippets(origin, entity);
	return (
		<Layout
			origin={origin}
			path={paths.entity(entity.type, entity.slug)}
			title={entityLabel(entity)}
			description={entity.description}
			alternates={[...(hasFeed(entity) ? [entityAlternate(origin, entity)] : []), siteAlternate(origin)]}
			section={SECTION[entity.type]}
			scripts={hasFeed(entity) ? ["/assets/copy.js"] : []}
		>
			<h1>{entityLabel(entity)}</h1>
			<p>{entity.description}</p>
			<h2>Articles</h2>
			<ArticleList items={list} />
			{hasFeed(entity) ? (
				<>
					<SubscribeBox
						id="feeds"
						title={`Follow ${entity.name}`}
						feeds={feedLinks(origin, { type: entity.type, slug: entity.slug })}
					/>
					<section aria-labelledby="embed-heading">
						<h2 id="embed-heading">Show these articles on your site</h2>
						<p>
							Paste either snippet into a page. The first is a small script (no dependencies) that lists the latest
							articles and takes your page's fonts and colours; the second is a frame, light by default: add{" "}
							<code>?theme=dark</code> to its address for a dark page, or <code>?theme=auto</code> to follow the
							visitor's system where your page does too.
						</p>
						<CopyField id="embed-element" label="Script" value={snippets.element} multiline />
						<CopyField id="embed-iframe" label="Frame" value={snippets.iframe} multiline />
					</section>
					{entity.type === "film" ? (
						<p>
							<a href={paths.filmPeopleOpml(entity.slug)}>The feeds of everyone in these articles</a> (OPML).
						</p>
					) : null}
				</>
			) : (
				<p>
					Only films have feeds; {entity.name} is a {entity.kind}.
				</p>
			)}
		</Layout>
	);
}

/** The themes an embed page takes (`?theme=`), the first being the default. */
export const THEMES: readonly Theme[] = ["light", "dark", "auto"];

/**
 * A compact list for an iframe on another site: links open in the top window. Its colours are the
 * embedder's choice: light (the default), dark, or auto (the visitor's system). A frame whose
 * colour scheme differs from its host page's is painted opaque by browsers, so following the
 * visitor's system on a host page that does not would show a dark box on a light page.
 */
export function embedPage(origin: string, entity: Entity, theme: Theme) {
	return (
		<Layout
			origin={origin}
			path={paths.embed(entity.type, entity.slug)}
			title={`${entityLabel(entity)}: latest articles`}
			description={entity.description}
			alternates={[entityAlternate(origin, entity)]}
			bodyClass="embed"
			theme={theme}
		>
			<h1>
				<a href={`${origin}${paths.entity(entity.type, entity.slug)}`} target="_top">
					{entityLabel(entity)}
				</a>{" "}
				on {site.title}
			</h1>
			<ArticleList items={articlesOf(entity).slice(0, 10)} target="_top" />
			<p>
				<small>
					<a href={`${origin}${paths.feed({ type: entity.type, slug: entity.slug }, "rss")}`} target="_top">
						Subscribe
					</a>
				</small>
			</p>
		</Layout>
	);
}

/**
 * An error as a page in the site's layout: what went wrong, where the visitor may have meant to
 * go (the suggestions), and the way on.
 */
export function errorPage(origin: string, problem: HttpError) {
	const wayOn = [
		{ href: paths.home(), label: `${site.title}: the latest articles` },
		{ href: paths.directory("person"), label: "Every person" },
		{ href: paths.directory("film"), label: "Every film" },
	];
	return (
		<Layout
			origin={origin}
			path={undefined}
			title={problem.title}
			description={problem.detail}
			alternates={[siteAlternate(origin)]}
			refresh={problem.headers["retry-after"]}
		>
			<h1>{problem.title}</h1>
			<p>{problem.detail}</p>
			{problem.lines.length > 0 ? (
				<ul class="problems">
					{problem.lines.map((line) => (
						<li>
							<code>{line}</code>
						</li>
					))}
				</ul>
			) : null}
			{problem.links.length > 0 ? (
				<>
					<h2>Did you mean</h2>
					<ul class="entities">
						{problem.links.map((l) => (
							<li>
								<a href={l.href}>{l.label}</a>
							</li>
						))}
					</ul>
				</>
			) : null}
			<h2>Where to go from here</h2>
			<ul class="entities">
				{wayOn.map((l) => (
					<li>
						<a href={l.href}>{l.label}</a>
					</li>
				))}
			</ul>
		</Layout>
	);
}
