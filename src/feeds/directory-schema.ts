/**
 * The directory API's documents (/api/people.json, /api/films.json) as one schema: the source of
 * their type (DirectoryDocument, DirectoryEntry) and of the JSON Schema served at
 * /api/schema.json, which the build writes (scripts/build-assets.ts), so the Worker carries no
 * schema library: it imports this module's types only. Built from the entity-type and format
 * tables: a new type is a new document, a new format a new feed link.
 */
import { z } from "zod";
import { ENTITY_KINDS, ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType } from "../content/entity-types.ts";
import { SLUG_PATTERN } from "../content/slug.ts";
import { FORMAT_NAMES, type FormatName } from "./formats.ts";
import { paths } from "./urls.ts";

const url = z.url({ protocol: /^https?$/ }).meta({ id: "url", pattern: "^https?://" });

const feeds = z.strictObject(Object.fromEntries(FORMAT_NAMES.map((f) => [f, url])) as Record<FormatName, typeof url>);

const directoryEntrySchema = z
	.strictObject({
		slug: z.string().regex(SLUG_PATTERN),
		name: z.string().min(1),
		aliases: z.array(z.string().min(1)),
		kind: z.enum(ENTITY_KINDS as [string, ...string[]]),
		year: z.int().optional(),
		description: z.string(),
		article_count: z.int().min(0),
		newest_article: z.iso.datetime().nullable(),
		url,
		/** null for works that have no feeds (series, games…). */
		feeds: feeds.nullable(),
	})
	.meta({ id: "entry" });

type Plural = (typeof ENTITY_TYPES)[EntityType]["plural"];

/** A page's URL, or null where there is no such page. */
const pageUrl = url.nullable();

/**
 * One document per type: a page of its entries under its plural (at most 500, in registry order),
 * which page it is of how many, and the URLs of the pages before and after it (null at the ends).
 */
const directorySchema = z.union(
	ENTITY_TYPE_NAMES.map((type) =>
		z.strictObject({
			[ENTITY_TYPES[type].plural]: z.array(directoryEntrySchema),
			page: z.int().min(1),
			pages: z.int().min(1),
			previous: pageUrl,
			next: pageUrl,
		}),
	),
);

export type DirectoryEntry = z.output<typeof directoryEntrySchema>;
export type DirectoryDocument = { [P in Plural]?: DirectoryEntry[] } & {
	page: number;
	pages: number;
	previous: string | null;
	next: string | null;
};

/** The JSON Schema of the directory's documents, as /api/schema.json serves it. */
export const directoryJsonSchema = () => ({
	...z.toJSONSchema(directorySchema, { target: "draft-7" }),
	$id: "reelfeed-directory",
	title: `reelfeed directory: ${ENTITY_TYPE_NAMES.map(paths.api).join(" or ")}`,
});
