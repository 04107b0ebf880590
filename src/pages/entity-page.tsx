import { articlesOf, ENTITY_TYPES, type Entity, hasFeed, site } from "../content/index.ts";
import { entityLabel, feedLinks, PREFERRED_FORMAT, paths } from "../feeds/index.ts";
import { CopyField, Layout, SubscribeBox, type Theme } from "./layout.tsx";
import { ArticleList, entityAlternate, siteAlternate } from "./lists.tsx";
import { entityData } from "./structured-data.ts";

/** The two ways to show an entity's latest articles on another site. */
function embedSnippets(origin: string, entity: Entity) {
	const feed = `${origin}${paths.feed({ type: entity.type, slug: entity.slug }, "json")}`;
	return {
		element: `<script src="${origin}${paths.embedScript()}" async></script>\n<reelfeed-list src="${feed}" limit="5"></reelfeed-list>`,
		iframe: `<iframe src="${origin}${paths.embed(entity.type, entity.slug)}" title="${entityLabel(entity).replace(/"/g, "&quot;")}: latest articles" width="100%" height="320" style="border:0"></iframe>`,
	};
}

/** A person's or a film's page: its articles, its feeds first, and how to embed them elsewhere. */
export function entityPage(origin: string, entity: Entity) {
	const list = articlesOf(entity);
	const snippets = embedSnippets(origin, entity);
	const feeds = hasFeed(entity);
	return (
		<Layout
			origin={origin}
			path={paths.entity(entity.type, entity.slug)}
			title={entityLabel(entity)}
			description={entity.description}
			alternates={[...(feeds ? [entityAlternate(origin, entity)] : []), siteAlternate(origin)]}
			section={entity.type}
			structuredData={entityData(origin, entity)}
			scripts={feeds ? [paths.asset("copy.js")] : []}
		>
			<h1>{entityLabel(entity)}</h1>
			<p>{entity.description}</p>
			{entity.url ? (
				<p>
					Elsewhere: <a href={entity.url}>{entity.url.replace(/^https?:\/\//, "")}</a>
				</p>
			) : null}
			<h2>Articles</h2>
			<ArticleList items={list} />
			{feeds ? (
				<>
					<SubscribeBox
						id="feeds"
						title={`Follow ${entity.name}`}
						feeds={feedLinks(origin, { type: entity.type, slug: entity.slug })}
					/>
					<p>
						<a href={`${paths.follow()}?${entity.type}=${entity.slug}`}>Follow {entity.name} with others</a>: one feed
						of several people, films and series, each article once.
					</p>
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
					Only {ENTITY_TYPES[entity.type].feedKinds.join(" and ")}s have feeds; {entity.name} is a {entity.kind}.
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
					<a href={`${origin}${paths.feed({ type: entity.type, slug: entity.slug }, PREFERRED_FORMAT)}`} target="_top">
						Subscribe
					</a>
				</small>
			</p>
		</Layout>
	);
}
