/**
 * reelfeed's route table. Feeds, pages, OPML and the directory are rendered by the pure core
 * (src/feeds, src/pages) from the compiled content, which also resolves what each URL names
 * (src/feeds/resolve.ts); src/http holds every HTTP rule. Every path comes from `paths`, and the
 * entity types and formats from their tables.
 */
import { type Context, Hono } from "hono";
import { ContentUnavailable, ENTITY_TYPE_NAMES, type EntityType, site } from "./content/index.ts";
import { directoryDocument, directoryPaged } from "./feeds/directory.ts";
import { quoted } from "./feeds/escape.ts";
import {
	canonicalSearch,
	FEED_ALIASES,
	type FeedScope,
	FORMATS,
	paths,
	resolveArticle,
	resolveEntity,
	resolveFeed,
	resolveFeedFile,
} from "./feeds/index.ts";
import { webManifest } from "./feeds/manifest.ts";
import { allFeedsOpml, allFeedsPaged, filmPeopleOpml, selectionOpml } from "./feeds/opml.ts";
import { pageLinkHeader, pageSearch, parsePage } from "./feeds/paging.ts";
import { robots, sitemap, sitemapFile } from "./feeds/sitemap.ts";
import { assetResponse } from "./http/assets.ts";
import { brokenContent } from "./http/broken.ts";
import { canonicalRedirect, splitUrl } from "./http/canonical.ts";
import { withContent } from "./http/content.ts";
import { commonHeaders, preflight } from "./http/cors.ts";
import { documentResponse, HTML, JSON_TYPE, OPML, pageCsp, TEXT, XML } from "./http/documents.ts";
import { editionFor } from "./http/edition.ts";
import { badRequest, errorResponse, notFound, orThrow, renderError, toHttpError } from "./http/errors.ts";
import { feedResponse, fromMemo, negotiateFeed } from "./http/feeds.ts";
import { invalidHost, scan } from "./http/guards.ts";
import { readOnly } from "./http/methods.ts";
import { originOf } from "./http/origin.ts";
import { warmShell, warmUp } from "./http/warm.ts";
import { articlePage } from "./pages/article-page.tsx";
import { directoryPage, directoryPagePaged } from "./pages/directory-page.tsx";
import { embedPage, entityPage, parseEmbedOptions } from "./pages/entity-page.tsx";
import { followPage } from "./pages/follow-page.tsx";
import { homePage } from "./pages/home.tsx";
import { publishReveals } from "./scheduled.ts";

const app = new Hono();

app.use(commonHeaders, preflight, readOnly);

/**
 * An entity type as a route parameter, `:type{person|film}`, in place of a type in a path: the
 * router then matches any type of the table.
 */
const TYPE = `:type{${ENTITY_TYPE_NAMES.join("|")}}` as EntityType;
const typeOf = (c: Context) => c.req.param("type") as EntityType;
/** `?page=`: the first page without it; a 400 for anything but a page number (see src/feeds/paging.ts). */
const pageParam = (c: Context): number => orThrow(parsePage(c.req.queries("page") ?? []));
/** A route parameter: the router matched the path, so it is there (the patterns are built, not literal, so Hono cannot type it). */
const param = (c: Context, name: string): string => c.req.param(name) ?? "";

/** A feed, by file name ("feed.xml", "joe-russo.json"); without an extension, the Accept header picks. */
function feedAt(c: Context, scope: (slug: string) => FeedScope) {
	const { slug, format } = orThrow(resolveFeedFile(param(c, "file")));
	return format ? feedResponse(c, scope(slug), format) : negotiateFeed(c, scope(slug));
}

// The paths other sites publish their feed at, which readers probe: the site feed itself, not a
// redirect (some readers follow none), naming its one URL in Content-Location and its self link.
for (const [path, format] of FEED_ALIASES) app.get(path, (c) => feedResponse(c, { type: "site" }, FORMATS[format]));

// Feeds: the whole site, then one person or film.
app.get(paths.feed({ type: "site" }), (c) => negotiateFeed(c, { type: "site" }));
app.get("/:file{feed\\.[a-z]+}", (c) => feedAt(c, () => ({ type: "site" })));
app.get(paths.feed({ type: TYPE, slug: ":file" }), (c) => feedAt(c, (slug) => ({ type: typeOf(c), slug })));

// One feed of several people, films and series, picked on a page.
app.get(paths.follow(), (c) => {
	const params = new URL(c.req.url).searchParams;
	const picked = ENTITY_TYPE_NAMES.some((type) => params.has(type));
	const req = picked ? orThrow(resolveFeed(editionFor(c), { type: "site" }, params)) : undefined;
	const matchAll = params.get("match") === "all";
	const variant = `${req ? canonicalSearch(req.query) : ""}${matchAll ? " all" : ""}`;
	return documentResponse(c, HTML, (ed) => String(followPage(ed, originOf(c), req, matchAll)), {}, variant);
});
app.get(paths.followOpml(), (c) => {
	const req = orThrow(resolveFeed(editionFor(c), { type: "site" }, new URL(c.req.url).searchParams));
	const chosen = ENTITY_TYPE_NAMES.flatMap((type) => req.filters[type]);
	return documentResponse(c, OPML, (ed) => selectionOpml(ed, originOf(c), chosen), {}, canonicalSearch(req.query));
});

// Every feed at once, for readers that import OPML.
app.get(paths.opml(), (c) => {
	const paged = orThrow(allFeedsPaged(editionFor(c), pageParam(c)));
	return documentResponse(
		c,
		OPML,
		(ed) => allFeedsOpml(ed, originOf(c), paged),
		pageLinkHeader(originOf(c) + paths.opml(), paged),
		pageSearch(paged.page),
	);
});

app.get(paths.filmPeopleOpml(":slug"), (c) => {
	const film = orThrow(resolveEntity(editionFor(c), "film", param(c, "slug"), { feed: true }));
	return documentResponse(c, OPML, (ed) => filmPeopleOpml(ed, originOf(c), film));
});

// The directory API, and its schema (written by the build from src/feeds/directory-schema.ts).
for (const type of ENTITY_TYPE_NAMES) {
	app.get(paths.api(type), (c) => {
		const paged = orThrow(directoryPaged(editionFor(c), type, pageParam(c)));
		return documentResponse(
			c,
			JSON_TYPE,
			(ed) => JSON.stringify(directoryDocument(ed, originOf(c), type, paged)),
			pageLinkHeader(originOf(c) + paths.api(type), paged),
			pageSearch(paged.page),
		);
	});
}
app.get(paths.apiSchema(), (c) => assetResponse(c, "directory.schema.json"));

// Pages.
app.get(paths.home(), (c) => documentResponse(c, HTML, (ed) => String(homePage(ed, originOf(c)))));

app.get(paths.article(":slug"), (c) => {
	const article = orThrow(resolveArticle(editionFor(c), param(c, "slug")));
	return documentResponse(c, HTML, () => String(articlePage(originOf(c), article)));
});

for (const type of ENTITY_TYPE_NAMES) {
	app.get(paths.directory(type), (c) => {
		const paged = orThrow(directoryPagePaged(editionFor(c), type, pageParam(c)));
		return documentResponse(
			c,
			HTML,
			(ed) => String(directoryPage(ed, originOf(c), type, paged)),
			pageLinkHeader(originOf(c) + paths.directory(type), paged),
			pageSearch(paged.page),
		);
	});
	app.get(paths.entity(type, ":slug"), (c) => {
		const entity = orThrow(resolveEntity(editionFor(c), type, param(c, "slug"), { feed: false }));
		return documentResponse(c, HTML, (ed) => String(entityPage(ed, originOf(c), entity)));
	});
}

// Embeds: a custom element for other sites' pages, and a page for their iframes.
app.get(paths.embedScript(), (c) => assetResponse(c, "embed.js"));

app.get(paths.embed(TYPE, ":slug"), (c) => {
	const entity = orThrow(resolveEntity(editionFor(c), typeOf(c), param(c, "slug"), { feed: true }));
	const options = parseEmbedOptions(c.req.query("theme"), c.req.query("thumbnails"));
	if (!options.ok) throw badRequest(options.message);
	// Any site may frame this page; nothing else about it changes when framed.
	return documentResponse(
		c,
		HTML,
		(ed) => String(embedPage(ed, originOf(c), entity, options.value)),
		{ "content-security-policy": pageCsp("*") },
		options.search,
	);
});

// For search engines: every page, and where the sitemap is.
app.get(paths.sitemap(), (c) => documentResponse(c, XML, (ed) => sitemap(ed, originOf(c))));
app.get("/sitemaps/:file{[0-9]+\\.xml}", (c) => {
	const file = param(c, "file");
	const body = sitemapFile(editionFor(c), originOf(c), Number(file.slice(0, -".xml".length)));
	if (body === undefined) throw notFound(`There is no sitemap ${quoted(file)}; ${paths.sitemap()} lists them.`);
	return documentResponse(c, XML, () => body);
});
app.get(paths.robots(), (c) => documentResponse(c, TEXT, () => robots(originOf(c))));

app.get(paths.favicon(), (c) => assetResponse(c, "favicon.ico"));
app.get(paths.manifest(), (c) => documentResponse(c, "application/manifest+json; charset=utf-8", webManifest));
app.get(paths.asset(":file"), (c) => assetResponse(c, param(c, "file")));

app.notFound((c) =>
	renderError(notFound(`Nothing lives at ${quoted(new URL(c.req.url).pathname)}. The home page lists the feeds.`), c),
);
app.onError(renderError);

// Before any request: the router built and the feed code compiled (see src/http/warm.ts).
warmUp(app);

const worker = {
	/**
	 * Before routing, from one pass over the headers: a request too large, or whose URL does not
	 * parse (an invalid Host), is answered with its 4xx, and broken content under `wrangler dev`
	 * answers every request with its problems; a path not in its canonical form is redirected to it;
	 * then a feed polled again at the same URL is answered from the memo; all else is the app.
	 * Not async: the memo's answer is returned as it is, not in a promise the runtime must then
	 * wait on (with that, and the memo read without remembering the request's edition, a 304 cost
	 * 14 -> 6 µs of CPU beyond the floor; BENCHMARKS.md run T).
	 */
	fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
		const url = request.url;
		const headers = scan(request, url);
		const early = headers.problem ?? invalidHost(url, headers.host) ?? brokenContent(request);
		if (early) return errorResponse(early, url, acceptOf(request), earlyOrigin(url));
		// A probed feed path keeps its trailing slash (/feed/, /rss/): those are the paths probed.
		const proposed = canonicalRedirect(request, url);
		const redirect = proposed && FEED_ALIASES.has(splitUrl(url).path) ? undefined : proposed;
		if (redirect) return redirect;
		return fromMemo(request, url, headers) ?? routed(request, env, ctx, url);
	},
	/** Every minute (wrangler.toml's Cron Trigger): the hubs hear of the feeds an embargo lifting changed. */
	async scheduled(controller: ScheduledController, env: Env) {
		await withContent(env, () => publishReveals(controller.scheduledTime));
	},
} satisfies ExportedHandler<Env>;

export default worker;

/** The app, with the content's files the response reads loaded from the static assets first (see src/http/content.ts). */
async function routed(request: Request, env: Env, ctx: ExecutionContext, url: string) {
	try {
		return await withContent(env, () => app.fetch(request, env, ctx));
	} catch (error) {
		if (error instanceof ContentUnavailable)
			return errorResponse(toHttpError(error), url, acceptOf(request), earlyOrigin(url));
		throw error;
	}
}

const acceptOf = (request: Request) => request.headers.get("accept") ?? "";

/** Where an error page answered before routing points its links: the site, or the request's own origin. */
const earlyOrigin = (url: string) => site.baseUrl ?? (URL.canParse(url) ? splitUrl(url).origin : "");

// Before any request, once every module-level value above is defined: the shell's own code run
// once on made-up requests (see src/http/warm.ts).
await warmShell(worker.fetch);
