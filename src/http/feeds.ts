/**
 * Feed responses: resolve the URL to a scope and a format, render, and answer with the format's
 * content type. All feed logic lives in src/feeds; this only maps HTTP onto it.
 */
import type { Context } from "hono";
import { type EntityType, entitiesOf, findEntity, hasFeed } from "../content/index.ts";
import { type FeedScope, FORMATS, type Format, formatByExtension, paths, renderFeed } from "../feeds/index.ts";
import { notFound } from "./errors.ts";
import { originOf } from "./origin.ts";

const FORMAT_HINT = Object.values(FORMATS)
	.map((f) => `.${f.extension} (${f.name === "json" ? "JSON Feed" : f.name === "rss" ? "RSS" : "Atom"})`)
	.join(", ");

/** Splits "joe-russo.json" into its slug and format, or answers 404 for an unknown extension. */
export function parseFeedFile(file: string): { slug: string; format: Format } {
	const dot = file.lastIndexOf(".");
	const format = dot > 0 ? formatByExtension(file.slice(dot + 1)) : undefined;
	if (!format) throw notFound(`"${file}" is not a feed: feeds end in ${FORMAT_HINT}.`);
	return { slug: file.slice(0, dot), format };
}

const NOUN: Record<EntityType, { one: string; many: string }> = {
	person: { one: "person", many: "people" },
	film: { one: "film", many: "films" },
};

/** How many valid slugs a 404 lists. */
const LISTED_SLUGS = 50;

/** The slugs that do have feeds, for a 404 that says where to go instead. */
function knownSlugs(type: EntityType): string[] {
	return entitiesOf(type)
		.filter(hasFeed)
		.map((e) => e.slug);
}

function describeSlugs(slugs: string[]): string {
	const shown = slugs.slice(0, LISTED_SLUGS).join(", ");
	return slugs.length > LISTED_SLUGS ? `${shown} and ${slugs.length - LISTED_SLUGS} more` : shown;
}

export function feedResponse(c: Context, scope: FeedScope, format: Format): Response {
	let entity: ReturnType<typeof findEntity>;
	if (scope.type !== "site") {
		const noun = NOUN[scope.type];
		entity = findEntity(scope.type, scope.slug);
		const valid = knownSlugs(scope.type);
		const where = `Valid ${noun.one} slugs: ${describeSlugs(valid)}; the feed URL is ${paths.feed({ type: scope.type, slug: "{slug}" }, format.name)}.`;
		if (!entity)
			throw notFound(`There is no ${noun.one} "${scope.slug}". ${where}`, {
				valid_slugs: valid.slice(0, LISTED_SLUGS),
			});
		if (!hasFeed(entity)) {
			throw notFound(`${entity.name} is a ${entity.kind}, and only films have film feeds. ${where}`, {
				valid_slugs: valid.slice(0, LISTED_SLUGS),
			});
		}
	}
	const body = renderFeed(scope, format.name, originOf(c), entity);
	return c.body(body, 200, {
		"content-type": format.contentType,
		"x-content-type-options": "nosniff",
	});
}
