/**
 * The person or film a URL names, or the 404 that says so: one place for every route that takes
 * a slug (feeds, pages, embeds, OPML), with the nearest slugs as suggestions ("did you mean
 * joe-russo?") for people and programs alike.
 */
import {
	type Article,
	type Entity,
	type EntityType,
	entitiesOf,
	findArticle,
	findEntity,
	hasFeed,
	loadArticle,
	newest,
} from "../content/index.ts";
import { suggestSlugs } from "../content/suggest.ts";
import { quoted } from "../feeds/escape.ts";
import { entityLabel, paths } from "../feeds/index.ts";
import { notFound } from "./errors.ts";

const WORDS: Record<EntityType, { one: string; many: string }> = {
	person: { one: "person", many: "People" },
	film: { one: "film", many: "Films" },
};

/**
 * The entity of type `type` with this slug; with `feed`, only one that has a feed (a person, or a
 * work of kind film). Otherwise a 404 that explains, suggests the nearest slugs, and lists the
 * valid ones.
 */
export function resolveEntity(type: EntityType, slug: string, { feed }: { feed: boolean }): Entity {
	const entity = findEntity(type, slug);
	if (entity && (!feed || hasFeed(entity))) return entity;
	const candidates = feed ? entitiesOf(type).filter(hasFeed) : entitiesOf(type);
	const like = suggestSlugs(slug, candidates);
	const why = entity
		? `${entity.name} is a ${entity.kind}, and only films have film feeds.`
		: `There is no ${WORDS[type].one} ${quoted(slug)}.`;
	const hint = like.length ? ` Did you mean ${like.join(" or ")}?` : "";
	const valid = candidates.map((e) => e.slug);
	const listed =
		valid.length > 20 ? `${valid.slice(0, 20).join(", ")} and ${valid.length - 20} more` : valid.join(", ");
	const kind = feed ? `${WORDS[type].many} with feeds` : WORDS[type].many;
	// On a page, each suggestion links to its page, which offers its feeds.
	const links = like.map((s) => ({ href: paths.entity(type, s), label: entityLabel(findEntity(type, s) as Entity) }));
	throw notFound(`${why}${hint} ${kind}: ${listed}.`, { suggestions: like, valid_slugs: valid }, links);
}

/** How many of the newest articles a missing article's slug is compared with. */
const RECENT = 500;

/**
 * The article with this slug, or a 404 that suggests the nearest slugs among the newest articles
 * (a mistyped link to a recent story), with their titles as links.
 */
export function resolveArticle(slug: string): Article {
	const article = findArticle(slug);
	if (article) return article;
	const recent = newest(RECENT);
	const like = suggestSlugs(
		slug,
		recent.map((a) => ({ slug: a.slug, name: a.slug, aliases: [] })),
		3,
	);
	const links = like.map((s) => {
		const entry = recent.find((a) => a.slug === s) as (typeof recent)[number];
		return { href: paths.article(s), label: loadArticle(entry).title };
	});
	const hint = like.length ? ` Did you mean ${like.join(" or ")}?` : "";
	throw notFound(
		`There is no article ${quoted(slug)}.${hint} The home page lists the latest.`,
		{ suggestions: like },
		links,
	);
}
