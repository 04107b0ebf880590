/**
 * Structured data (schema.org in JSON-LD) for search engines and link previews: WebSite on the
 * home page, NewsArticle on article pages (with the people and works it is about), and the entity
 * itself (Person, Movie, TVSeries…) on entity pages. Types are from the entity-type table.
 */
import { raw } from "hono/html";
import { type Article, type Author, type Entity, entityOf, isByline, schemaTypeOf, site } from "../content/index.ts";
import { ICONS, iconUrl } from "../feeds/icons.ts";
import { type ShownImage, showImage } from "../feeds/images.ts";
import { paths } from "../feeds/index.ts";
import { authorsOf } from "../feeds/model.ts";

type Node = Record<string, unknown>;

const CONTEXT = "https://schema.org";

/** The publisher: the site, as an organization, with its icon as logo. */
const publisher = (origin: string): Node => ({
	"@type": "Organization",
	name: site.title,
	url: origin + paths.home(),
	// A raster image: search engines take no SVG logo.
	logo: { "@type": "ImageObject", url: iconUrl(origin, "large"), width: ICONS.large.width, height: ICONS.large.height },
});

/** An image as schema.org's ImageObject: its largest size, with its alt text as caption, and its credit. */
const imageObject = (image: ShownImage): Node => ({
	"@type": "ImageObject",
	url: image.url,
	contentUrl: image.url,
	width: image.width,
	height: image.height,
	caption: image.caption ?? image.alt,
	...(image.credit ? { creditText: image.credit } : {}),
});

const person = (author: Author): Node => ({
	"@type": "Person",
	name: author.name,
	...(author.url ? { url: author.url } : {}),
});

/** An entity as a schema.org node: its type from its kind, its page, its other names. */
export function entityNode(origin: string, e: Entity): Node {
	const image = e.image && showImage(origin, e.image);
	return {
		"@type": schemaTypeOf(e.type, e.kind),
		"@id": `${origin}${paths.entity(e.type, e.slug)}#${e.type}`,
		name: e.name,
		url: origin + paths.entity(e.type, e.slug),
		...(e.aliases.length ? { alternateName: e.aliases } : {}),
		...(e.description ? { description: e.description } : {}),
		...(e.year === undefined ? {} : { dateCreated: String(e.year) }),
		...(e.url ? { sameAs: e.url } : {}),
		...(image ? { image: imageObject(image) } : {}),
	};
}

export const websiteData = (origin: string): Node => ({
	"@context": CONTEXT,
	"@type": "WebSite",
	name: site.title,
	description: site.description,
	url: origin + paths.home(),
	inLanguage: site.language,
	publisher: publisher(origin),
});

export function articleData(origin: string, article: Article): Node {
	const url = origin + paths.article(article.slug);
	const image = article.image && showImage(origin, article.image);
	return {
		"@context": CONTEXT,
		"@type": "NewsArticle",
		"@id": `${url}#article`,
		mainEntityOfPage: url,
		url,
		headline: article.title,
		description: article.summary,
		datePublished: article.date,
		dateModified: article.updated,
		...(article.corrections?.length
			? {
					correction: article.corrections.map((c) => ({
						"@type": "CorrectionComment",
						text: c.note,
						datePublished: c.date,
					})),
				}
			: {}),
		...(image ? { image: imageObject(image) } : {}),
		inLanguage: site.language,
		author: (authorsOf(origin, article).length ? authorsOf(origin, article) : [site.author]).map(person),
		publisher: publisher(origin),
		about: article.entities.filter((ref) => !isByline(ref.type)).map((ref) => entityNode(origin, entityOf(ref))),
	};
}

export const entityData = (origin: string, e: Entity): Node => ({
	"@context": CONTEXT,
	...entityNode(origin, e),
	mainEntityOfPage: origin + paths.entity(e.type, e.slug),
});

/**
 * A JSON-LD block. A data block, not a script: a Content-Security-Policy without 'unsafe-inline'
 * does not block it. "<" is escaped so no value can close the element.
 */
export const JsonLd = (props: { data: Node }) =>
	raw(`<script type="application/ld+json">${JSON.stringify(props.data).replace(/</g, "\\u003c")}</script>`);
