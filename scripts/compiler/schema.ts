import { z } from "zod";
import { ENTITY_TYPES, type EntityType } from "../../src/content/entity-types.ts";
import { SLUG_PATTERN } from "./text.ts";

/**
 * The content schemas: the single source of truth for what site.yaml, the registries and article
 * front matter may hold. Field names are snake_case as editors write them in YAML.
 */

const text = z.string().trim().min(1, "must not be empty");

// A display name ends up in XML attributes (Atom category labels), where the `feed` package
// escapes "&" but not "<": a name is plain text, and no real name or title needs "<".
const displayName = text.regex(/^[^<]*$/, 'must not contain "<"');

const slug = z.string().regex(SLUG_PATTERN, "must be lowercase ASCII words joined by hyphens, e.g. joe-russo");

/**
 * A web address from content, published in feeds and pages: http(s) only, so no `javascript:` or
 * `data:` URL reaches a reader or a browser.
 */
export const webUrl = z.url({
	protocol: /^https?$/,
	hostname: z.regexes.domain,
	error: "must be an http(s) URL such as https://example.org/about",
});

/**
 * An image: a file under content/images/ ("images/set.jpg") or an https URL, with the text that
 * stands for it. A file's size and type are read from it; a remote image, which the build does not
 * fetch, says its size (see scripts/compiler/image-field.ts).
 */
export const imageSchema = z.strictObject({
	src: text,
	alt: z
		.string({ error: "is required: say what the image shows, for readers who cannot see it" })
		.trim()
		.min(1, "must not be empty: say what the image shows, for readers who cannot see it"),
	caption: text.optional(),
	credit: text.optional(),
	width: z.int().positive().max(65_535).optional(),
	height: z.int().positive().max(65_535).optional(),
});

export type ImageEntry = z.output<typeof imageSchema>;

const author = z.union([
	text.transform((name) => ({ name })),
	z.strictObject({
		name: text,
		email: z.email({ error: "must be an email address such as editors@example.org" }).optional(),
		url: webUrl.optional(),
	}),
]);

export const siteSchema = z.strictObject({
	title: text,
	description: text,
	language: z
		.string()
		.regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, "must be a BCP 47 language tag, e.g. en or en-GB"),
	base_url: z
		.url({
			protocol: /^https?$/,
			error: "must be an http(s) URL such as https://reelfeed.example",
		})
		.refine((u) => {
			const url = new URL(u);
			return url.pathname === "/" && !url.search && !url.hash;
		}, "must be an origin only (scheme, host and port), with no path, query or fragment")
		.optional(),
	id_authority: z
		.string()
		.regex(
			/^[a-z0-9.-]+\.[a-z]{2,},\d{4}(?:-\d{2}(?:-\d{2})?)?$/,
			"must be an RFC 4151 tag authority: a domain you own, a comma, a date you owned it (reelfeed.example,2026)",
		),
	author,
	/**
	 * WebSub hubs (https://www.w3.org/TR/websub/): every feed names them, and deploys and embargoes
	 * lifting notify them. https, or http on this machine (a local hub, for testing).
	 */
	hubs: z
		.array(
			z
				.url({ protocol: /^https?$/, error: "must be a hub's https URL, such as https://pubsubhubbub.appspot.com/" })
				.refine((u) => {
					const url = new URL(u);
					return url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
				}, "must be https (http only for a hub on this machine: localhost or 127.0.0.1)"),
		)
		.default([]),
});

const aliases = z.array(displayName).default([]);

/**
 * The slugs an entry or article was published under before, oldest first: their URLs answer a 301
 * to the new ones, and ids keep the first, so a rename never makes readers see an item again.
 */
const oldSlugs = z
	.array(z.string().regex(SLUG_PATTERN, "must be a slug: lowercase ASCII words joined by hyphens"))
	.optional();

export const personSchema = z.strictObject({
	slug,
	old_slugs: oldSlugs,
	name: displayName,
	aliases,
	description: text,
	image: imageSchema.optional(),
});

const [firstKind, ...otherKinds] = ENTITY_TYPES.film.kinds;

const year = z.int().min(1870).max(2100).optional();

export const filmSchema = z.strictObject({
	slug,
	old_slugs: oldSlugs,
	title: displayName,
	year,
	kind: z
		.enum([firstKind, ...otherKinds], {
			error: `must be one of ${ENTITY_TYPES.film.kinds.join(", ")}; a series goes in content/${ENTITY_TYPES.series.registry}`,
		})
		.default(firstKind),
	aliases,
	description: text,
	image: imageSchema.optional(),
});

/** A series: its title and, if known, the year it began. */
export const seriesSchema = z.strictObject({
	slug,
	old_slugs: oldSlugs,
	title: displayName,
	year,
	aliases,
	description: text,
	image: imageSchema.optional(),
});

/** Each registry's entries. */
/** An author: the name on the byline, and where to read more of or about them. */
export const authorSchema = z.strictObject({
	slug,
	old_slugs: oldSlugs,
	name: displayName,
	aliases,
	description: text,
	url: webUrl.optional(),
	email: z.email({ error: "must be an email address such as editors@example.org" }).optional(),
	image: imageSchema.optional(),
});

/** Each registry's entries. */
export const REGISTRY_SCHEMAS = {
	person: personSchema,
	film: filmSchema,
	series: seriesSchema,
	author: authorSchema,
} as const satisfies Record<EntityType, z.ZodType>;

/** `people: [slug, …]` adds; `people: { add: [...], exclude: [...] }` adds and removes. */
const selection = z.union([
	z.array(slug).transform((add) => ({ add, exclude: [] as string[] })),
	z.strictObject({
		add: z.array(slug).default([]),
		exclude: z.array(slug).default([]),
	}),
]);

/** The front-matter field that tags entries of each type: its registry's plural (people, films). */
export type SelectionField = (typeof ENTITY_TYPES)[EntityType]["plural"];

const selections = Object.fromEntries(
	Object.values(ENTITY_TYPES).map((row) => [row.plural, selection.optional()]),
) as Record<SelectionField, z.ZodOptional<typeof selection>>;

export const frontMatterSchema = z.strictObject({
	title: text,
	date: z.string({ error: "must be an ISO 8601 date" }),
	updated: z.string({ error: "must be an ISO 8601 date" }).optional(),
	summary: text.optional(),
	source: text.optional(),
	author: author.optional(),
	image: imageSchema.optional(),
	/** Checked like any article, never published. */
	draft: z.boolean().optional(),
	old_slugs: oldSlugs,
	/** Why the article was withdrawn: it leaves every feed and list, and its URL answers 410 Gone with this. */
	withdrawn: text.optional(),
	/** Corrections, each shown above the text with its date; the latest moves `updated`. */
	corrections: z
		.array(z.strictObject({ date: z.string({ error: "must be an ISO 8601 date" }), note: text }))
		.optional(),
	...selections,
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
export type PersonEntry = z.output<typeof personSchema>;
export type FilmEntry = z.output<typeof filmSchema>;
export type SiteEntry = z.output<typeof siteSchema>;
