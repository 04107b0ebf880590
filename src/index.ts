/**
 * reelfeed's route table. Feeds, pages, OPML and the directory are rendered by the pure core
 * (src/feeds, src/pages) from the compiled content; the middleware in src/http holds every HTTP rule.
 */
import { Hono } from "hono";
import { type EntityType, entitiesOf, findArticle, findEntity, hasFeed } from "./content/index.ts";
import { API_SCHEMA, directoryEntry } from "./feeds/directory.ts";
import { allFeedsOpml, filmPeopleOpml } from "./feeds/opml.ts";
import { assetResponse } from "./http/assets.ts";
import { documentResponse, HTML, JSON_TYPE, OPML, pageCsp } from "./http/documents.ts";
import { notFound, renderError } from "./http/errors.ts";
import { feedResponse, fromMemo, negotiateFeed, parseFeedFile } from "./http/feeds.ts";
import { guards, scan } from "./http/guards.ts";
import { canonicalPaths, commonHeaders, methods } from "./http/headers.ts";
import { originOf } from "./http/origin.ts";
import { articlePage, directoryPage, embedPage, entityPage, homePage } from "./pages/pages.tsx";

const app = new Hono();

app.use(commonHeaders, guards, methods, canonicalPaths);

const SECTIONS: Record<string, EntityType> = { people: "person", films: "film" };

/** The entity of a page URL, or a 404. */
function entityAt(type: EntityType, slug: string, needsFeed = false) {
	const entity = findEntity(type, slug);
	if (!entity || (needsFeed && !hasFeed(entity)))
		throw notFound(`There is no ${type} "${slug}"${needsFeed ? " with a feed" : ""}.`);
	return entity;
}

// Feeds: the whole site, then one person or film. Without an extension, the Accept header picks.
app.get("/feed", (c) => negotiateFeed(c, { type: "site" }));

app.get("/:file{feed\\.[a-z]+}", (c) => {
	const { format } = parseFeedFile(c.req.param("file"));
	if (!format) throw notFound("No such feed.");
	return feedResponse(c, { type: "site" }, format);
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

app.get("/films/:slug/people.opml", (c) =>
	documentResponse(c, OPML, () => filmPeopleOpml(originOf(c), entityAt("film", c.req.param("slug"), true))),
);

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
	const article = findArticle(c.req.param("slug"));
	if (!article) throw notFound(`There is no article "${c.req.param("slug")}". The home page lists them all.`);
	return documentResponse(c, HTML, () => String(articlePage(originOf(c), article)));
});

for (const [section, type] of Object.entries(SECTIONS)) {
	app.get(`/${section}`, (c) => documentResponse(c, HTML, () => String(directoryPage(originOf(c), type))));
	app.get(`/${section}/:slug`, (c) => {
		const entity = entityAt(type, c.req.param("slug"));
		return documentResponse(c, HTML, () => String(entityPage(originOf(c), entity)));
	});
}

// Embeds: a custom element for other sites' pages, and a page for their iframes.
app.get("/embed.js", (c) => assetResponse(c, "embed.js"));

app.get("/embed/:type{person|film}/:slug", (c) => {
	const entity = entityAt(c.req.param("type") as EntityType, c.req.param("slug"), true);
	// Any site may frame this page; nothing else about it changes when framed.
	return documentResponse(c, HTML, () => String(embedPage(originOf(c), entity)), {
		"content-security-policy": pageCsp("*"),
	});
});

app.get("/assets/:file", (c) => assetResponse(c, c.req.param("file")));

app.notFound((c) =>
	renderError(notFound(`Nothing lives at ${new URL(c.req.url).pathname}. The home page lists the feeds.`), c),
);
app.onError(renderError);

export default {
	// A feed polled again at the same URL is answered from the memo before routing; all else is the app.
	fetch(request: Request, env: unknown, ctx: ExecutionContext) {
		const url = request.url;
		const headers = scan(request, url);
		return (headers.problem ? undefined : fromMemo(request, url, headers)) ?? app.fetch(request, env, ctx);
	},
} satisfies ExportedHandler;
