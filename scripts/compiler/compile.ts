import { createHash } from "node:crypto";
import { parseContentDate } from "../../src/content/dates.ts";
import { type Suggestible, suggestSlugs } from "../../src/content/suggest.ts";
import type {
	Author,
	CompiledArticle,
	CompiledContent,
	Entity,
	EntityRef,
	EntityType,
	Site,
} from "../../src/content/types.ts";
import { ORIGIN_PLACEHOLDER } from "../../src/content/types.ts";
import { ContentError, type ContentProblem } from "./errors.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { type FeedHistory, historyKey, recordChanges } from "./history.ts";
import { renderMarkdown } from "./markdown.ts";
import { type FilmEntry, filmSchema, frontMatterSchema, type PersonEntry, personSchema, siteSchema } from "./schema.ts";
import { createTagger, refKey } from "./tagging.ts";
import { cleanText, SLUG_PATTERN, slugify, truncateText } from "./text.ts";
import { validate, validateFields } from "./validate.ts";
import { parseYaml, problemAt } from "./yaml-source.ts";

/** A file as the compiler sees it: a path to show in messages, and its text. */
export type SourceFile = { path: string; text: string };

export type ContentSources = {
	site: SourceFile;
	people: SourceFile;
	films: SourceFile;
	articles: SourceFile[];
	/** The build's record of when each feed last changed (content/feed-history.json), if there is one. */
	history?: FeedHistory;
};

/** Length of a summary derived from the first paragraph when front matter gives none. */
export const SUMMARY_LENGTH = 280;

const REGISTRY_FILE: Record<EntityType, string> = { person: "content/people.yaml", film: "content/films.yaml" };

function compileSite(file: SourceFile, problems: ContentProblem[]): Site | undefined {
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
	};
}

/**
 * A registry as the articles see it: its valid entries, and every slug it declares, valid entry
 * or not, so that an entry with a wrong field is reported once, in the registry, and not again in
 * every article that names it. `readable` is false when the file could not be read at all (a YAML
 * syntax error): articles are then not checked against it, since it is not known what it holds.
 */
type Registry = { entities: Entity[]; declared: Map<string, Suggestible>; readable: boolean };

function compileRegistry(type: EntityType, file: SourceFile, problems: ContentProblem[]): Registry {
	const registry: Registry = { entities: [], declared: new Map(), readable: false };
	const source = parseYaml(file.path, file.text, 1, problems);
	if (!source) return registry;
	if (!Array.isArray(source.value)) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message: `must be a YAML list of ${type === "person" ? "people" : "films"} ("- slug: …" entries)`,
		});
		return registry;
	}
	registry.readable = true;
	const seen = new Map<string, number>();
	source.value.forEach((_, i) => {
		const { data, fields } = validateFields(
			type === "person" ? personSchema : filmSchema,
			file.path,
			source,
			problems,
			[i],
		);
		const slug = fields.slug;
		if (slug === undefined) return;
		const first = seen.get(slug);
		if (first !== undefined) {
			problemAt(problems, file.path, source, [i, "slug"], `duplicate slug "${slug}" (first used at line ${first})`);
			return;
		}
		seen.set(slug, source.lineOf([i, "slug"]));
		const name = "title" in fields ? fields.title : "name" in fields ? fields.name : undefined;
		registry.declared.set(slug, { slug, name: name ?? slug, aliases: fields.aliases ?? [] });
		const entity = toEntity(type, data);
		if (!entity) return;
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

/** A registry entry as compiled content: articles, rev and changed are filled in once articles are known. */
function toEntity(type: EntityType, e: PersonEntry | FilmEntry | undefined): Entity | undefined {
	if (!e) return undefined;
	const film = "title" in e ? e : undefined;
	return {
		type,
		slug: e.slug,
		name: film ? film.title : (e as PersonEntry).name,
		aliases: e.aliases,
		description: e.description,
		kind: film ? film.kind : "person",
		...(film?.year === undefined ? {} : { year: film.year }),
		articles: [],
		rev: "",
		changed: "",
	};
}

/** Two entities may not answer to the same name: the tagger could not tell which one is meant. */
function checkPhrases(registries: { file: SourceFile; entities: Entity[] }[], problems: ContentProblem[]) {
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

type ArticleDraft = Omit<CompiledArticle, "id" | "rev"> & { day: string };

/** What content may not exceed. */
export const LIMITS = { slugLength: 200, articleBytes: 1024 * 1024, futureSlackMs: 86_400_000 } as const;

/** What an article is checked against: the registries, the tagger, and the build's clock. */
type ArticleContext = {
	registries: Record<EntityType, Registry>;
	known: Map<string, Entity>;
	tag: (text: string) => Set<string>;
	now: number;
};

/** Why a slug is not a known person or film, and what it may have meant. */
function unknownSlug(type: EntityType, slug: string, registries: Record<EntityType, Registry>): string {
	const other: EntityType = type === "person" ? "film" : "person";
	if (registries[other].declared.has(slug))
		return `"${slug}" is a ${other}, not a ${type}: list it under ${other === "person" ? "people" : "films"}`;
	const like = suggestSlugs(slug, registries[type].declared.values(), 3);
	const hint = like.length ? `did you mean ${like.join(" or ")}? If not, ` : "";
	return `unknown ${type} "${slug}": ${hint}add it to ${REGISTRY_FILE[type]} first`;
}

function compileArticle(
	file: SourceFile,
	context: ArticleContext,
	problems: ContentProblem[],
): ArticleDraft | undefined {
	const name = file.path.split(/[\\/]/).pop() ?? file.path;
	const slug = name.replace(/\.md$/, "");
	const before = problems.length;
	if (slug.length > LIMITS.slugLength) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message: `the file name gives a slug of ${slug.length} characters; at most ${LIMITS.slugLength} (it becomes part of every URL and id)`,
		});
	}
	if (file.text.length > LIMITS.articleBytes) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message: `the article is ${file.text.length} characters; at most ${LIMITS.articleBytes} (1 MiB): split it`,
		});
		return undefined;
	}
	if (!SLUG_PATTERN.test(slug)) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message: `the file name gives the slug "${slug}", which must be lowercase ASCII words joined by hyphens (rename it, e.g. ${slugify(slug) || "my-article"}.md)`,
		});
	}
	const parts = splitFrontMatter(cleanText(file.text));
	if (!parts) {
		problems.push({
			file: file.path,
			line: 1,
			field: "",
			message:
				'no front matter: an article starts with a line "---", then YAML fields (title, date, …), then a line "---"',
		});
		return undefined;
	}
	const source = parseYaml(file.path, parts.yaml, parts.yamlFirstLine, problems);
	if (!source) return undefined;
	if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) {
		problems.push({
			file: file.path,
			line: parts.yamlFirstLine,
			field: "",
			message: "front matter must be YAML fields (title: …, date: …), not a list or a single value",
		});
		return undefined;
	}
	// Every field is checked, whatever else is wrong: one unknown field must not hide a bad date or slug.
	const { fields: fm } = validateFields(frontMatterSchema, file.path, source, problems);

	const date = fm.date === undefined ? undefined : parseContentDate(fm.date);
	if (date && !date.ok) problemAt(problems, file.path, source, ["date"], date.message);
	// A date ahead of the build is almost always a typo (2062 for 2026); feeds cannot hide an item
	// until its date, since their output may not depend on the time of the request.
	else if (date && Date.parse(date.iso) > context.now + LIMITS.futureSlackMs) {
		problemAt(
			problems,
			file.path,
			source,
			["date"],
			`"${fm.date}" is in the future; publish the article when its date has come`,
		);
	}
	const updated = fm.updated === undefined ? date : parseContentDate(fm.updated);
	if (updated && !updated.ok && fm.updated !== undefined)
		problemAt(problems, file.path, source, ["updated"], updated.message);
	if (date?.ok && updated?.ok && updated.iso < date.iso)
		problemAt(problems, file.path, source, ["updated"], `is before date (${fm.date})`);

	const rendered = renderMarkdown(parts.body);
	if (!rendered.text.trim())
		problems.push({
			file: file.path,
			line: parts.yamlFirstLine + parts.yaml.split("\n").length + 1,
			field: "",
			message: "the article has no text after its front matter",
		});

	const tagged = context.tag(`${fm.title ?? ""}\n${rendered.text}`);
	for (const type of ["person", "film"] as const) {
		const field = type === "person" ? "people" : "films";
		const selection = fm[field];
		const registry = context.registries[type];
		if (!selection) continue;
		for (const [list, values] of [
			["add", selection.add],
			["exclude", selection.exclude],
		] as const) {
			values.forEach((s, i) => {
				const path = Array.isArray((source.value as Record<string, unknown>)[field]) ? [field, i] : [field, list, i];
				const key = refKey({ type, slug: s });
				if (!registry.declared.has(s)) {
					if (registry.readable) problemAt(problems, file.path, source, path, unknownSlug(type, s, context.registries));
				} else if (list === "exclude" && selection.add.includes(s)) {
					problemAt(problems, file.path, source, path, `"${s}" is both added and excluded`);
				} else if (list === "add") {
					tagged.add(key);
				} else {
					tagged.delete(key);
				}
			});
		}
	}
	if (problems.length > before || !date?.ok || !updated?.ok || fm.title === undefined) return undefined;

	const entities: EntityRef[] = [...context.known.values()]
		.filter((e) => tagged.has(refKey(e)))
		.map((e) => ({ type: e.type, slug: e.slug }));
	return {
		slug,
		day: (fm.date as string).slice(0, 10),
		title: fm.title,
		summary: fm.summary ?? truncateText(rendered.firstParagraph || rendered.text, SUMMARY_LENGTH),
		date: date.iso,
		updated: updated.iso,
		...(fm.source ? { source: fm.source } : {}),
		...(fm.author ? { author: fm.author as Author } : {}),
		html: rendered.html,
		hasRelativeUrls: rendered.html.includes(ORIGIN_PLACEHOLDER),
		entities,
	};
}

/** Problems file by file, as the files were read, and by line within each. */
function inReadingOrder(problems: ContentProblem[]): ContentProblem[] {
	const files = [...new Set(problems.map((p) => p.file))];
	return [...problems].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line);
}

const revision = (...parts: unknown[]) =>
	createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);

/**
 * What each feed's bytes (and every page's) are made of, by history key. The revision of the code
 * and the site settings, which every output depends on, is one record of its own, so a code
 * change moves one line of the history, not all of them; then each entity's feed (the entity and
 * its articles' revisions in order), the site feed (every article) and the pages (every article
 * and entity). A feed's filtered and paged variants are made of its entities' parts, so their
 * Last-Modified is the latest of those records and the revision's.
 */
function fingerprints(rev: string, articles: CompiledArticle[], entities: Entity[]): Map<string, string> {
	const prints = new Map<string, string>();
	const revs = articles.map((a) => a.rev);
	prints.set(historyKey.revision, rev);
	prints.set(historyKey.site, revision(revs));
	prints.set(
		historyKey.content,
		revision(
			revs,
			entities.map((e) => [e.type, e.slug, e.rev, e.aliases]),
		),
	);
	for (const e of entities)
		prints.set(
			historyKey.entity(e.type, e.slug),
			revision(
				e.rev,
				e.articles.map((i) => articles[i]?.rev),
			),
		);
	return prints;
}

/**
 * Compiles the content: validates every file, renders Markdown to sanitized HTML, tags articles
 * with the people and films they mention, and indexes them. Pure: reads nothing but its input.
 * Throws a ContentError that lists every problem found, in every file.
 *
 * `codeRev` is the revision of the code that renders responses: with the site settings it makes
 * the content's `rev`, part of every ETag, so a deploy that changes the output changes the ETags.
 * `now` is the build's clock: what "in the future" means, and the time recorded in the history
 * for every feed whose bytes changed.
 */
export function compileContent(
	sources: ContentSources,
	options: { codeRev?: string; now?: number } = {},
): CompiledContent {
	const now = options.now ?? Date.now();
	const problems: ContentProblem[] = [];
	const site = compileSite(sources.site, problems);
	const registries: Record<EntityType, Registry> = {
		person: compileRegistry("person", sources.people, problems),
		film: compileRegistry("film", sources.films, problems),
	};
	const people = registries.person.entities;
	const films = registries.film.entities;
	checkPhrases(
		[
			{ file: sources.people, entities: people },
			{ file: sources.films, entities: films },
		],
		problems,
	);

	const known = new Map<string, Entity>([...people, ...films].map((e) => [refKey(e), e]));
	const tag = createTagger(
		[...known.values()].map((e) => ({
			ref: e,
			phrases: [e.name, ...e.aliases].map((p) => p.normalize("NFC")),
		})),
	);
	const drafts = [...sources.articles]
		.sort((a, b) => (a.path < b.path ? -1 : 1))
		.map((file) => compileArticle(file, { registries, known, tag, now }, problems));

	if (problems.length > 0 || !site) throw new ContentError(inReadingOrder(problems));

	for (const e of known.values()) e.rev = revision(e.type, e.slug, e.name, e.kind, e.year, e.description);
	// Newest first, then by slug in code-point order: the order feed cursors rely on.
	const articles: CompiledArticle[] = drafts
		.filter((d): d is ArticleDraft => d !== undefined)
		.sort((a, b) => (a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1))
		.map(({ day, ...a }) => {
			const article = { ...a, id: `tag:${site.idAuthority}:articles/${day}/${a.slug}` };
			return {
				...article,
				rev: revision(
					article,
					article.entities.map((r) => known.get(refKey(r))?.rev),
				),
			};
		});
	articles.forEach((article, index) => {
		for (const ref of article.entities) known.get(refKey(ref))?.articles.push(index);
	});
	const rev = revision(site, options.codeRev ?? "");
	const prints = fingerprints(rev, articles, [...known.values()]);
	const history = recordChanges(sources.history ?? {}, prints, new Date(now).toISOString());
	const changedAt = (key: string) => history[key]?.changed as string;
	for (const e of known.values()) e.changed = changedAt(historyKey.entity(e.type, e.slug));
	return {
		rev,
		fingerprint: prints.get(historyKey.content) as string,
		site,
		articles,
		people,
		films,
		changed: {
			revision: changedAt(historyKey.revision),
			site: changedAt(historyKey.site),
			content: changedAt(historyKey.content),
		},
		history,
	};
}
