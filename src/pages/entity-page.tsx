import { type Edition, ENTITY_TYPES, type Entity, hasFeed, site } from "../content/index.ts";
import { quoted } from "../feeds/escape.ts";
import { showImage } from "../feeds/images.ts";
import { entityLabel, feedLinks, PREFERRED_FORMAT, paths } from "../feeds/index.ts";
import { Figure } from "./figure.tsx";
import { CopyField, Layout, SubscribeBox, type Theme } from "./layout.tsx";
import { ArticleList, entityAlternate, LISTED, siteAlternate } from "./lists.tsx";
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
export function entityPage(ed: Edition, origin: string, entity: Entity) {
	// The newest only: a person in 50,000 articles has a page of the same size as one in 5.
	const list = ed.articlesOf(entity, 0, LISTED);
	const total = ed.countOf(entity);
	const snippets = embedSnippets(origin, entity);
	const feeds = hasFeed(entity);
	const image = entity.image && showImage(origin, entity.image);
	return (
		<Layout
			origin={origin}
			path={paths.entity(entity.type, entity.slug)}
			title={entityLabel(entity)}
			description={entity.description}
			alternates={[...(feeds ? [entityAlternate(origin, entity)] : []), siteAlternate(origin)]}
			section={entity.type}
			structuredData={entityData(origin, entity)}
			image={image}
			scripts={feeds ? [paths.asset("copy.js")] : []}
		>
			<h1>{entityLabel(entity)}</h1>
			{image ? <Figure image={image} class="portrait" sizes="(max-width: 40rem) 50vw, 16rem" lead /> : null}
			<p>{entity.description}</p>
			{entity.url ? (
				<p>
					Elsewhere: <a href={entity.url}>{entity.url.replace(/^https?:\/\//, "")}</a>
				</p>
			) : null}
			<h2>Articles</h2>
			<ArticleList items={list} total={total} />
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
							visitor's system where your page does too. To show each article's image beside it, add the{" "}
							<code>thumbnails</code> attribute to the first, or <code>?thumbnails=1</code> to the second's address (
							<code>?theme=dark&amp;thumbnails=1</code> with a theme).
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

/** What an embedder chooses of the iframe: its colours, and whether articles show thumbnails. */
export type EmbedOptions = { theme: Theme; thumbnails: boolean };

const SWITCH: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/**
 * `?theme=` and `?thumbnails=` (1 or true; 0 or false, the default), or what is wrong with them;
 * with the canonical query of the page they ask for (the defaults left out), its cache variant.
 */
export function parseEmbedOptions(
	theme: string | undefined,
	thumbnails: string | undefined,
): { ok: true; value: EmbedOptions; search: string } | { ok: false; message: string } {
	const chosen = THEMES.find((t) => t === (theme ?? THEMES[0]));
	if (!chosen)
		return {
			ok: false,
			message: `theme must be ${THEMES.join(", ")} (default ${THEMES[0]}); ${quoted(theme ?? "")} is not one.`,
		};
	const shown = thumbnails === undefined ? false : Object.hasOwn(SWITCH, thumbnails) ? SWITCH[thumbnails] : undefined;
	if (shown === undefined)
		return { ok: false, message: `thumbnails must be 1 or 0 (default 0); ${quoted(thumbnails ?? "")} is neither.` };
	const search = new URLSearchParams([
		...(chosen === THEMES[0] ? [] : [["theme", chosen]]),
		...(shown ? [["thumbnails", "1"]] : []),
	]).toString();
	return { ok: true, value: { theme: chosen, thumbnails: shown }, search: search ? `?${search}` : "" };
}

/**
 * A compact list for an iframe on another site: links open in the top window. Its colours are the
 * embedder's choice: light (the default), dark, or auto (the visitor's system). A frame whose
 * colour scheme differs from its host page's is painted opaque by browsers, so following the
 * visitor's system on a host page that does not would show a dark box on a light page.
 */
export function embedPage(ed: Edition, origin: string, entity: Entity, { theme, thumbnails }: EmbedOptions) {
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
			<ArticleList
				items={ed.articlesOf(entity, 0, 10)}
				target="_top"
				{...(thumbnails ? { thumbnails: { origin } } : {})}
			/>
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
