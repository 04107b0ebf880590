/**
 * The directory API (/api/people.json, /api/films.json): every entity with what a developer needs
 * to show it or subscribe to it. API_SCHEMA is the JSON Schema of these documents, served at
 * /api/schema.json and used by the tests.
 */
import { articles, type Entity, hasFeed } from "../content/index.ts";
import { feedLinks } from "./model.ts";
import { paths } from "./urls.ts";

export type DirectoryEntry = {
	slug: string;
	name: string;
	aliases: string[];
	kind: string;
	year?: number;
	description: string;
	article_count: number;
	newest_article: string | null;
	url: string;
	feeds: { rss: string; atom: string; json: string } | null;
};

export function directoryEntry(origin: string, e: Entity): DirectoryEntry {
	const first = e.articles[0];
	return {
		slug: e.slug,
		name: e.name,
		aliases: e.aliases,
		kind: e.kind,
		...(e.year === undefined ? {} : { year: e.year }),
		description: e.description,
		article_count: e.articles.length,
		newest_article: first === undefined ? null : (articles.at(first)?.date ?? null),
		url: origin + paths.entity(e.type, e.slug),
		feeds: hasFeed(e) ? feedLinks(origin, e) : null,
	};
}

const url = { type: "string", format: "uri", pattern: "^https?://" };

export const API_SCHEMA = {
	$schema: "http://json-schema.org/draft-07/schema#",
	$id: "reelfeed-directory",
	title: "reelfeed directory: /api/people.json or /api/films.json",
	type: "object",
	additionalProperties: false,
	minProperties: 1,
	maxProperties: 1,
	properties: {
		people: { type: "array", items: { $ref: "#/definitions/entry" } },
		films: { type: "array", items: { $ref: "#/definitions/entry" } },
	},
	definitions: {
		entry: {
			type: "object",
			additionalProperties: false,
			required: ["slug", "name", "aliases", "kind", "description", "article_count", "newest_article", "url", "feeds"],
			properties: {
				slug: { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$" },
				name: { type: "string", minLength: 1 },
				aliases: { type: "array", items: { type: "string", minLength: 1 } },
				kind: { type: "string", enum: ["person", "film", "series", "game", "comic", "book", "other"] },
				year: { type: "integer" },
				description: { type: "string" },
				article_count: { type: "integer", minimum: 0 },
				newest_article: { oneOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
				url,
				feeds: {
					oneOf: [
						{ type: "null" },
						{
							type: "object",
							additionalProperties: false,
							required: ["rss", "atom", "json"],
							properties: { rss: url, atom: url, json: url },
						},
					],
				},
			},
		},
	},
} as const;
