/**
 * reelfeed's route table. Feeds, pages, OPML and the directory are rendered by the pure core
 * (src/feeds, src/pages) from the compiled content; the middleware in src/http holds every HTTP rule.
 */
import { Hono } from "hono";
import { type EntityType, entitiesOf, hasFeed } from "./content/index.ts";
import { API_SCHEMA, directoryEntry } from "./feeds/directory.ts";
import { quoted } from "./feeds/escape.ts";
import { allFeedsOpml, filmPeopleOpml } from "./feeds/opml.ts";
import { assetResponse } from "./http/assets.ts";
import { brokenContent } from "./http/broken.ts";
import { documentResponse, HTML, JSON_TYPE, OPML, pageCsp } from "./http/documents.ts";
import { resolveArticle, resolveEntity } from "./http/entities.ts";
import { badRequest, errorResponse, notFound, renderError } from "./http/errors.ts";
import { feedResponse, fromMemo, negotiateFeed, parseFeedFile } from "./http/feeds.ts";
import { guards, scan } from "./http/guards.ts";
import { canonicalRedirect, commonHeaders, invalidHost, methods } from "./http/headers.ts";
import { originOf } from "./http/origin.ts";
import { articlePage, directoryPage, embedPage, entityPage, homePage, THEMES } from "./pages/pages.tsx";

const app = new Hono();

app.use(commonHeaders, guards, methods);

const SECTIONS: Record<string, EntityType> = { people: "person", films: "film" };

// Feeds: the whole site, then one person or film. Without an extension, the Accept header picks.
app.get("/feed", (c) => negotiateFeed(c, { type: "site" }));

app.get("/:file{feed\\.[a-z]+}", (c) => {
	const { format } = parseFeedFile(c.req.param("file"));
	return format ? feedResponse(c, { type: "site" }, format) : negotiateFeed(c, { type: "site" });
});

app.get("/feed/:type{person|film}/:file", (c) => {
	const type = c.req.param("type") as EntityType;
	const { slug, format } = parseFeedFile(c.req.param("file"));
	return format ? feedResponse(c, { type, slug }, format) : negotiateFeed(c, { type, slug });
});

// Every feed at once, for readers that import OPML.
app.get("/feeds.opml", (c) =>
	documentResponse(c, OPML, () =>
		allFeedsOpml(originOf(c), entitiesOf("person").filter(hasFeed), entitiesOf("film").filter(hasFeed)),
	),
);

app.get("/films/:slug/people.opml", (c) => {
	const film = resolveEntity("film", c.req.param("slug"), { feed: true });
	return documentResponse(c, OPML, () => filmPeopleOpml(originOf(c), film));
});

// The directory API.
for (const [section, type] of Object.entries(SECTIONS)) {
	app.get(`/api/${section}.json`, (c) =>
		documentResponse(c, JSON_TYPE, () =>
			JSON.stringify({ [section]: entitiesOf(type).map((e) => directoryEntry(originOf(c), e)) }),
		),
	);
}

app.get("/api/schema.json", (c) =>
	documentResponse(c, "application/schema+json; charset=utf-8", () => JSON.stringify(API_SCHEMA)),
);

// Pages.
app.get("/", (c) => documentResponse(c, HTML, () => String(homePage(originOf(c)))));

app.get("/articles/:slug", (c) => {
	const article = resolveArticle(c.req.param("slug"));
	return documentResponse(c, HTML, () => String(articlePage(originOf(c), article)));
});

for (const [section, type] of Object.entries(SECTIONS)) {
	app.get(`/${section}`, (c) => documentResponse(c, HTML, () => String(directoryPage(originOf(c), type))));
	app.get(`/${section}/:slug`, (c) => {
		const entity = resolveEntity(type, c.req.param("slug"), { feed: false });
		return documentResponse(c, HTML, () => String(entityPage(originOf(c), entity)));
	});
}

// Embeds: a custom element for other sites' pages, and a page for their iframes.
app.get("/embed.js", (c) => assetResponse(c, "embed.js"));

app.get("/embed/:type{person|film}/:slug", (c) => {
	const entity = resolveEntity(c.req.param("type") as EntityType, c.req.param("slug"), { feed: true });
	const asked = c.req.query("theme") ?? "light";
	const theme = THEMES.find((t) => t === asked);
	if (!theme)
		throw badRequest(`theme must be ${THEMES.join(", ")} (default ${THEMES[0]}); ${quoted(asked)} is not one.`);
	// Any site may frame this page; nothing else about it changes when framed.
	return documentResponse(
		c,
		HTML,
		() => String(embedPage(originOf(c), entity, theme)),
		{ "content-security-policy": pageCsp("*") },
		theme === THEMES[0] ? "" : `?theme=${theme}`,
	);
});

app.get("/favicon.ico", (c) => assetResponse(c, "favicon.ico"));
app.get("/assets/:file", (c) => assetResponse(c, c.req.param("file")));

app.notFound((c) =>
	renderError(notFound(`Nothing lives at ${quoted(new URL(c.req.url).pathname)}. The home page lists the feeds.`), c),
);
app.onError(renderError);

export default {
	/**
	 * Before routing: a URL that does not parse (an invalid Host) is a 400, and broken content under
	 * `wrangler dev` answers every request with its problems; a path not in its canonical form is
	 * redirected to it; then a feed polled again at the same URL is answered from the memo; all
	 * else is the app.
	 */
	fetch(request: Request, env: unknown, ctx: ExecutionContext) {
		const url = request.url;
		const headers = scan(request, url);
		const early = invalidHost(url, headers.host) ?? brokenContent(request);
		if (early) return errorResponse(early, url, request.headers.get("accept") ?? "", "");
		if (headers.problem) return app.fetch(request, env, ctx);
		return canonicalRedirect(request, url) ?? fromMemo(request, url, headers) ?? app.fetch(request, env, ctx);
	},
} satisfies ExportedHandler;
