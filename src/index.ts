/**
 * reelfeed's route table. Feeds and pages are rendered by the pure core (src/feeds, src/pages)
 * from the compiled content; the middleware in src/http holds every HTTP rule.
 */
import { Hono } from "hono";
import { type EntityType, findArticle, findEntity } from "./content/index.ts";
import { notFound, renderError } from "./http/errors.ts";
import { feedResponse, negotiateFeed, parseFeedFile } from "./http/feeds.ts";
import { canonicalPaths, commonHeaders, methods } from "./http/headers.ts";
import { originOf } from "./http/origin.ts";
import { articlePage, entityPage, homePage } from "./pages/pages.tsx";

const app = new Hono();

app.use(commonHeaders, methods, canonicalPaths);

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

// Pages.
app.get("/", (c) => c.html(homePage(originOf(c))));

app.get("/articles/:slug", (c) => {
	const article = findArticle(c.req.param("slug"));
	if (!article) throw notFound(`There is no article "${c.req.param("slug")}". The home page lists them all.`);
	return c.html(articlePage(originOf(c), article));
});

const SECTIONS: Record<string, EntityType> = { people: "person", films: "film" };

app.get("/:section{people|films}/:slug", (c) => {
	const type = SECTIONS[c.req.param("section")] as EntityType;
	const entity = findEntity(type, c.req.param("slug"));
	if (!entity) throw notFound(`There is no ${type} "${c.req.param("slug")}".`);
	return c.html(entityPage(originOf(c), entity));
});

app.notFound((c) =>
	renderError(notFound(`Nothing lives at ${new URL(c.req.url).pathname}. The home page lists the feeds.`), c),
);
app.onError(renderError);

export default app;
