/**
 * The site settings and the registries (content/people.yaml, content/films.yaml, one per row of
 * ENTITY_TYPES): each valid entry becomes an entity; every problem is reported at its line and field.
 */
import { ENTITY_TYPES, type EntityType } from "../../src/content/entity-types.ts";
import type { Suggestible } from "../../src/content/suggest.ts";
import type { Entity, Site } from "../../src/content/types.ts";
import type { ContentProblem } from "./errors.ts";
import { compileImage } from "./image-field.ts";
import type { ImageCatalog } from "./images.ts";
import { type ImageEntry, REGISTRY_SCHEMAS, siteSchema } from "./schema.ts";
import { slugify } from "./text.ts";
import { validate, validateFields } from "./validate.ts";
import { parseYaml, problemAt } from "./yaml-source.ts";

/** A file as the compiler sees it: a path to show in messages, and its text. */
/**
 * A content file: its path as problems name it, and its text. `file`, where it is on disk, when
 * its text is read from there on each access (see lazyFile): what a build's threads read it by.
 */
export type SourceFile = { path: string; text: string; file?: string };

/** Where a type's registry is, as messages name it. */
export const registryPath = (type: EntityType) => `content/${ENTITY_TYPES[type].registry}`;

export function compileSite(file: SourceFile, problems: ContentProblem[]): Site | undefined {
	const source = parseYaml(file.path, file.text, 1, problems);
	const site = source && validate(siteSchema, file.path, source, problems);
	if (!site) return undefined;
	return {
		title: site.title,
		description: site.description,
		language: site.language,
		...(site.base_url ? { baseUrl: new URL(site.base_url).origin } : {}),
		idAuthority: site.id_authority,
		author: site.author,
		hubs: site.hubs,
	};
}

/**
 * A registry as the articles see it: its valid entries, and every slug it declares, valid entry
 * or not, so that an entry with a wrong field is reported once, in the registry, and not again in
 * every article that names it. `readable` is false when the file could not be read at all (a YAML
 * syntax error): articles are then not checked against it, since it is not known what it holds.
 */
export type Registry = { file: SourceFile; entities: Entity[]; declared: Map<string, Suggestible>; readable: boolean };

export function compileRegistry(
	type: EntityType,
	file: SourceFile,
	problems: ContentProblem[],
	images: ImageCatalog = new Map(),
): Registry {
	const registry: Registry = { file, entities: [], declared: new Map(), readable: false };
	const source = parseYaml(file.path, file.text, 1, problems);
	if (!source) return registry;
	if (!Array.isArray(source.value)) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message: `must be a YAML list of ${ENTITY_TYPES[type].plural} ("- slug: …" entries)`,
		});
		return registry;
	}
	registry.readable = true;
	const seen = new Map<string, number>();
	source.value.forEach((_, i) => {
		const { data, fields } = validateFields(REGISTRY_SCHEMAS[type], file.path, source, problems, [i]);
		const slug = fields.slug;
		if (slug === undefined) return;
		const first = seen.get(slug);
		if (first !== undefined) {
			problemAt(problems, file.path, source, [i, "slug"], `duplicate slug "${slug}" (first used at line ${first})`);
			return;
		}
		seen.set(slug, source.lineOf([i, "slug"]));
		// An old slug's URLs redirect to this entry: no two entries may claim one, old or new.
		(fields.old_slugs ?? []).forEach((old: string, j: number) => {
			const claimed = seen.get(old);
			if (claimed !== undefined)
				problemAt(problems, file.path, source, [i, "old_slugs", j], `"${old}" is already claimed at line ${claimed}`);
			else seen.set(old, source.lineOf([i, "old_slugs", j]));
		});
		const name = "title" in fields ? fields.title : "name" in fields ? fields.name : undefined;
		registry.declared.set(slug, { slug, name: name ?? slug, aliases: fields.aliases ?? [] });
		const image =
			data?.image &&
			compileImage(data.image, images, (field, message) =>
				problemAt(problems, file.path, source, [i, "image", field], message),
			);
		if (data?.image && !image) return;
		const entity = data && toEntity(type, data);
		if (!entity) return;
		if (image) entity.image = image;
		const expected = slugify(entity.name);
		if (entity.slug !== expected && !entity.slug.startsWith(`${expected}-`)) {
			problemAt(
				problems,
				file.path,
				source,
				[i, "slug"],
				`"${entity.slug}" does not come from the name "${entity.name}": use "${expected}" (or "${expected}-…" to tell two apart)`,
			);
			return;
		}
		registry.entities.push(entity);
	});
	return registry;
}

/** What every registry's entries have in common: a name (or a title), and perhaps a kind and a year. */
type RegistryEntry = {
	slug: string;
	aliases: string[];
	description: string;
	kind?: string;
	year?: number | undefined;
	url?: string | undefined;
	email?: string | undefined;
	image?: ImageEntry | undefined;
	old_slugs?: string[] | undefined;
} & ({ name: string } | { title: string });

/** A registry entry as compiled content: articles, rev and changed are filled in once articles are known. */
function toEntity(type: EntityType, e: RegistryEntry): Entity {
	return {
		type,
		slug: e.slug,
		name: "title" in e ? e.title : e.name,
		aliases: e.aliases,
		description: e.description,
		kind: e.kind ?? ENTITY_TYPES[type].kinds[0],
		...(e.year === undefined ? {} : { year: e.year }),
		...(e.url === undefined ? {} : { url: e.url }),
		...(e.email === undefined ? {} : { email: e.email }),
		...(e.old_slugs?.length ? { oldSlugs: e.old_slugs } : {}),
		articles: [],
		rev: "",
		changed: "",
	};
}

/** Two entities may not answer to the same name: the tagger could not tell which one is meant. */
export function checkPhrases(registries: Registry[], problems: ContentProblem[]): void {
	const owner = new Map<string, string>();
	for (const { file, entities } of registries) {
		for (const entity of entities) {
			for (const phrase of [entity.name, ...entity.aliases]) {
				const key = phrase.normalize("NFC");
				const other = owner.get(key);
				if (other && other !== entity.slug) {
					const line = file.text.split(/\r?\n/).findIndex((l) => l.includes(phrase)) + 1;
					problems.push({
						file: file.path,
						line: Math.max(line, 1),
						field: `${entity.slug}.aliases`,
						message: `"${phrase}" already names "${other}"; a name or alias must belong to one entry`,
					});
				}
				owner.set(key, entity.slug);
			}
		}
	}
}
