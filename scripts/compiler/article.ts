/**
 * One article: its file name, front matter, dates, body and tags, each checked in turn. Every
 * problem is recorded, whatever else is wrong, so one run reports them all.
 */
import { parseContentDate } from "../../src/content/dates.ts";
import { ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType } from "../../src/content/entity-types.ts";
import { suggestSlugs } from "../../src/content/suggest.ts";
import type { Author, CompiledArticle, Correction, Entity, EntityRef } from "../../src/content/types.ts";
import { ORIGIN_PLACEHOLDER } from "../../src/content/types.ts";
import type { ContentProblem } from "./errors.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { compileImage, lookUpImage } from "./image-field.ts";
import type { ImageCatalog } from "./images.ts";
import { type BodyImages, renderMarkdown } from "./markdown.ts";
import { type Registry, registryPath, type SourceFile } from "./registries.ts";
import { type FrontMatter, frontMatterSchema } from "./schema.ts";
import { refKey } from "./tagging.ts";
import { cleanText, SLUG_PATTERN, slugify, truncateText } from "./text.ts";
import { validateFields } from "./validate.ts";
import { parseYaml, problemAt, type YamlSource } from "./yaml-source.ts";

/** What content may not exceed. */
export const LIMITS = { slugLength: 200, articleBytes: 1024 * 1024 } as const;

/** Length of a summary derived from the first paragraph when front matter gives none. */
export const SUMMARY_LENGTH = 280;

/**
 * An article before its id and revision, which depend on the site and on every registry; `draft`
 * when its front matter says so (checked like any other, never published).
 */
export type ArticleDraft = Omit<CompiledArticle, "id" | "rev"> & {
	day: string;
	draft: boolean;
	/** The slugs it was published under before, oldest first (its id keeps the first). */
	oldSlugs: string[];
	/** Why it was withdrawn, if it was. */
	withdrawn?: string;
	/** The front matter's line of each old slug, for a clash between two articles. */
	oldSlugLines: number[];
};

/** What an article is checked against: the registries, the tagger, and the build's clock. */
export type ArticleContext = {
	registries: Record<EntityType, Registry>;
	known: Map<string, Entity>;
	/** Each known entity's place in registry order, by key. */
	order: Map<string, number>;
	tag: (text: string) => Set<string>;
	now: number;
	/** content/images, published. */
	images: ImageCatalog;
};

/** Records problems of one file. */
type Report = (line: number, message: string) => void;

export function compileArticle(
	file: SourceFile,
	context: ArticleContext,
	problems: ContentProblem[],
): ArticleDraft | undefined {
	const before = problems.length;
	const report: Report = (line, message) => problems.push({ file: file.path, line, field: "", message });
	const slug = slugOfFile(file, report);
	// Read once: a build's files may be read from disk on each access (see readContentFolder).
	const text = file.text;
	if (text.length > LIMITS.articleBytes) {
		report(1, `the article is ${text.length} characters; at most ${LIMITS.articleBytes} (1 MiB): split it`);
		return undefined;
	}
	const parts = splitFrontMatter(cleanText(text));
	if (!parts) {
		report(
			1,
			'no front matter: an article starts with a line "---", then YAML fields (title, date, …), then a line "---"',
		);
		return undefined;
	}
	const source = parseYaml(file.path, parts.yaml, parts.yamlFirstLine, problems);
	if (!source) return undefined;
	if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) {
		report(parts.yamlFirstLine, "front matter must be YAML fields (title: …, date: …), not a list or a single value");
		return undefined;
	}
	// Every field is checked, whatever else is wrong: one unknown field must not hide a bad date or slug.
	const { fields: fm } = validateFields(frontMatterSchema, file.path, source, problems);
	const dates = checkDates(fm, context.now, (field, message) =>
		problemAt(problems, file.path, source, [field], message),
	);
	const corrections = checkCorrections(source.value, fm, dates?.date, context.now, (path, message) =>
		problemAt(problems, file.path, source, path, message),
	);
	(fm.old_slugs ?? []).forEach((old, i) => {
		if (old === slug)
			problemAt(problems, file.path, source, ["old_slugs", i], `is the article's own slug (its file name)`);
	});
	const bodyLine = parts.yamlFirstLine + parts.yaml.split("\n").length + 1;
	const rendered = renderMarkdown(parts.body, bodyImages(context.images));
	if (!rendered.text.trim()) report(bodyLine, "the article has no text after its front matter");
	const bodyLines = parts.body.split("\n");
	for (const { src, message } of rendered.imageProblems) {
		const at = bodyLines.findIndex((line) => line.includes(src));
		problems.push({
			file: file.path,
			line: bodyLine + Math.max(at, 0),
			field: "",
			message: `image "${src}": ${message}`,
		});
	}
	const image =
		fm.image &&
		compileImage(fm.image, context.images, (field, message) =>
			problemAt(problems, file.path, source, ["image", field], message),
		);
	const tagged = context.tag(`${fm.title ?? ""}\n${rendered.text}`);
	applySelections(fm, source, context.registries, tagged, (path, message) =>
		problemAt(problems, file.path, source, path, message),
	);
	if (problems.length > before || !dates || fm.title === undefined) return undefined;
	// A correction is an update: readers that track updates show the item again.
	const latestCorrection = corrections.at(-1)?.date;
	const updated = latestCorrection && latestCorrection > dates.updated ? latestCorrection : dates.updated;

	return {
		slug,
		day: (fm.date as string).slice(0, 10),
		draft: fm.draft === true,
		title: fm.title,
		summary: fm.summary ?? truncateText(rendered.firstParagraph || rendered.text, SUMMARY_LENGTH),
		date: dates.date,
		updated,
		...(corrections.length ? { corrections } : {}),
		oldSlugs: fm.old_slugs ?? [],
		oldSlugLines: (fm.old_slugs ?? []).map((_, i) => source.lineOf(["old_slugs", i])),
		...(fm.withdrawn ? { withdrawn: fm.withdrawn } : {}),
		...(fm.source ? { source: fm.source } : {}),
		...(fm.author ? { author: fm.author as Author } : {}),
		...(image ? { image } : {}),
		html: rendered.html,
		hasRelativeUrls: rendered.html.includes(ORIGIN_PLACEHOLDER),
		// In registry order (known's), found by key: the article's tags alone, not every entity.
		entities: [...tagged]
			.flatMap((key) => {
				const e = context.known.get(key);
				return e ? [{ e, at: context.order.get(key) as number }] : [];
			})
			.sort((a, b) => a.at - b.at)
			.map(({ e }): EntityRef => ({ type: e.type, slug: e.slug })),
	};
}

/** The text's images of the site's own files, each published at its widest size. */
const bodyImages =
	(catalog: ImageCatalog): BodyImages =>
	(path) => {
		const found = lookUpImage(path, catalog);
		if (!found.ok) return found;
		const widest = found.image.sizes.at(-1);
		return widest ? { ok: true, path: widest.url, width: widest.width, height: widest.height } : undefined;
	};

/** The article's slug, from its file name, which must make a short, URL-safe one. */
function slugOfFile(file: SourceFile, report: Report): string {
	const name = file.path.split(/[\\/]/).pop() ?? file.path;
	const slug = name.replace(/\.md$/, "");
	if (slug.length > LIMITS.slugLength)
		report(
			1,
			`the file name gives a slug of ${slug.length} characters; at most ${LIMITS.slugLength} (it becomes part of every URL and id)`,
		);
	if (!SLUG_PATTERN.test(slug))
		report(
			1,
			`the file name gives the slug "${slug}", which must be lowercase ASCII words joined by hyphens (rename it, e.g. ${slugify(slug) || "my-article"}.md)`,
		);
	return slug;
}

/**
 * `date` and `updated` as ISO 8601 UTC, or undefined (with problems recorded) when either is wrong.
 * A date after the build is an embargo: the article is published, hidden until that instant (see
 * src/content/edition.ts); the build's report lists each one with its date, so a typo (2062 for
 * 2026) is seen.
 */
function checkDates(
	fm: Partial<FrontMatter>,
	now: number,
	problem: (field: "date" | "updated", message: string) => void,
): { date: string; updated: string } | undefined {
	const date = fm.date === undefined ? undefined : parseContentDate(fm.date);
	if (date && !date.ok) problem("date", date.message);
	const updated = fm.updated === undefined ? date : parseContentDate(fm.updated);
	if (updated && !updated.ok && fm.updated !== undefined) problem("updated", updated.message);
	if (date?.ok && updated?.ok && updated.iso < date.iso) problem("updated", `is before date (${fm.date})`);
	// An update is published by the build that carries it: only a new article may wait for its date.
	else if (
		date?.ok &&
		updated?.ok &&
		fm.updated !== undefined &&
		updated.iso !== date.iso &&
		Date.parse(updated.iso) > now
	)
		problem(
			"updated",
			`"${fm.updated}" is after the build: an update is published when it is deployed (only a new article's date may lie ahead, as an embargo)`,
		);
	return date?.ok && updated?.ok ? { date: date.iso, updated: updated.iso } : undefined;
}

/**
 * The corrections, oldest first, each dated (ISO 8601 UTC) no earlier than the article and no later
 * than the build: a correction is published with the build that carries it. Every entry's date is
 * checked, even when another entry's shape is wrong (the schema reports that one).
 */
function checkCorrections(
	raw: unknown,
	fm: Partial<FrontMatter>,
	date: string | undefined,
	now: number,
	problem: (path: (string | number)[], message: string) => void,
): Correction[] {
	const out: Correction[] = [];
	const entries = (raw as { corrections?: unknown }).corrections;
	for (const [i, c] of (Array.isArray(entries) ? entries : []).entries() as Iterable<
		[number, { date?: unknown } | null]
	>) {
		if (typeof c?.date !== "string") continue;
		const parsed = parseContentDate(c.date);
		const at = ["corrections", i, "date"];
		if (!parsed.ok) problem(at, parsed.message);
		else if (date && parsed.iso < date) problem(at, `is before the article's date (${fm.date})`);
		else if (Date.parse(parsed.iso) > now)
			problem(at, `"${c.date}" is after the build: a correction is published when it is deployed`);
		else {
			const note = fm.corrections?.[i]?.note;
			if (note !== undefined) out.push({ date: parsed.iso, note });
		}
	}
	return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The front matter's `people:` and `films:` (one field per entity type): adds to and removes from
 * what the tagger found in the text, each slug checked against its registry.
 */
function applySelections(
	fm: Partial<FrontMatter>,
	source: YamlSource,
	registries: Record<EntityType, Registry>,
	tagged: Set<string>,
	problem: (path: (string | number)[], message: string) => void,
): void {
	for (const type of ENTITY_TYPE_NAMES) {
		const field = ENTITY_TYPES[type].plural;
		const selection = fm[field];
		const registry = registries[type];
		if (!selection) continue;
		const listed = Array.isArray((source.value as Record<string, unknown>)[field]);
		for (const [list, values] of [
			["add", selection.add],
			["exclude", selection.exclude],
		] as const) {
			values.forEach((s, i) => {
				const path = listed ? [field, i] : [field, list, i];
				const key = refKey({ type, slug: s });
				if (!registry.declared.has(s)) {
					if (registry.readable) problem(path, unknownSlug(type, s, registries));
				} else if (list === "exclude" && selection.add.includes(s)) {
					problem(path, `"${s}" is both added and excluded`);
				} else if (list === "add") {
					tagged.add(key);
				} else {
					tagged.delete(key);
				}
			});
		}
	}
}

/** Why a slug is not a known entry of its type, and what it may have meant. */
function unknownSlug(type: EntityType, slug: string, registries: Record<EntityType, Registry>): string {
	const other = ENTITY_TYPE_NAMES.find((t) => t !== type && registries[t].declared.has(slug));
	if (other) return `"${slug}" is a ${other}, not a ${type}: list it under ${ENTITY_TYPES[other].plural}`;
	const like = suggestSlugs(slug, registries[type].declared.values(), 3);
	const hint = like.length ? `did you mean ${like.join(" or ")}? If not, ` : "";
	return `unknown ${type} "${slug}": ${hint}add it to ${registryPath(type)} first`;
}
