/**
 * The content compiler: validates every file, renders Markdown to sanitized HTML, tags articles
 * with the people and films they mention, and indexes them (see compileContent).
 */
import { createHash } from "node:crypto";
import { hiddenAt } from "../../src/content/edition.ts";
import { ENTITY_TYPE_NAMES, ENTITY_TYPES, isByline, perType } from "../../src/content/entity-types.ts";
import type { CompiledArticle, CompiledContent, Entity } from "../../src/content/types.ts";
import { type ArticleDraft, compileArticle } from "./article.ts";
import { ContentError, type ContentProblem } from "./errors.ts";
import { type FeedHistory, historyKey, recordChanges } from "./history.ts";
import type { ImageCatalog } from "./images.ts";
import { checkPhrases, compileRegistry, compileSite, type SourceFile } from "./registries.ts";
import type { SelectionField } from "./schema.ts";
import { createTagger, refKey } from "./tagging.ts";

export { LIMITS, SUMMARY_LENGTH } from "./article.ts";
export type { SourceFile } from "./registries.ts";

/** The content folder's files: site.yaml, each registry by its plural (people, films), the articles. */
export type ContentSources = {
	site: SourceFile;
	articles: SourceFile[];
	/** The build's record of when each feed last changed (content/feed-history.json), if there is one. */
	history?: FeedHistory;
	/** content/images, published (see images.ts); none if left out. */
	images?: ImageCatalog;
} & Record<SelectionField, SourceFile>;

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
function fingerprints(
	rev: string,
	articles: CompiledArticle[],
	entities: Entity[],
	embargoed: number,
): Map<string, string> {
	const prints = new Map<string, string>();
	// Only what the build publishes at once: an embargoed article (positions 0 to embargoed - 1) and
	// an entity only such articles name change no feed, and no Last-Modified, until they are revealed.
	const revs = articles.slice(embargoed).map((a) => a.rev);
	const shown = entities.filter((e) => !hiddenAt(e.articles, embargoed));
	prints.set(historyKey.revision, rev);
	prints.set(historyKey.site, revision(revs));
	prints.set(
		historyKey.content,
		revision(
			revs,
			shown.map((e) => [e.type, e.slug, e.rev, e.aliases]),
		),
	);
	for (const e of entities)
		prints.set(
			historyKey.entity(e.type, e.slug),
			revision(
				e.rev,
				e.articles.filter((i) => i >= embargoed).map((i) => articles[i]?.rev),
			),
		);
	return prints;
}

/**
 * Every article's slugs, its own and its old ones, drafts and withdrawn articles included: each
 * names one article's URL, so no two articles may claim one.
 */
function checkArticleSlugs(
	files: SourceFile[],
	drafts: (ArticleDraft | undefined)[],
	problems: ContentProblem[],
): void {
	const claimed = new Map<string, string>();
	drafts.forEach((d, k) => {
		if (d) claimed.set(d.slug, (files[k] as SourceFile).path);
	});
	drafts.forEach((d, k) => {
		const file = (files[k] as SourceFile).path;
		d?.oldSlugs.forEach((old, i) => {
			const owner = claimed.get(old);
			if (owner !== undefined && owner !== file)
				problems.push({
					file,
					line: d.oldSlugLines[i] as number,
					field: `old_slugs[${i}]`,
					message: `"${old}" is already claimed by ${owner}: two articles cannot answer at one URL`,
				});
			else claimed.set(old, file);
		});
	});
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
	const images = sources.images ?? new Map();
	const registries = perType((type) => compileRegistry(type, sources[ENTITY_TYPES[type].plural], problems, images));
	checkPhrases(Object.values(registries), problems);

	const known = new Map<string, Entity>(
		ENTITY_TYPE_NAMES.flatMap((type) => registries[type].entities).map((e) => [refKey(e), e]),
	);
	// Bylines are named in front matter only: an author's name in the text is not a byline.
	const tag = createTagger(
		[...known.values()]
			.filter((e) => !isByline(e.type))
			.map((e) => ({
				ref: e,
				phrases: [e.name, ...e.aliases].map((p) => p.normalize("NFC")),
			})),
	);
	const files = [...sources.articles].sort((a, b) => (a.path < b.path ? -1 : 1));
	const order = new Map([...known.keys()].map((key, i) => [key, i]));
	const drafts = files.map((file) => compileArticle(file, { registries, known, order, tag, now, images }, problems));
	checkArticleSlugs(files, drafts, problems);

	if (problems.length > 0 || !site) throw new ContentError(inReadingOrder(problems));

	for (const e of known.values())
		e.rev = revision(e.type, e.slug, e.name, e.kind, e.year, e.description, e.url, e.email, e.image, e.oldSlugs);
	const compiled = drafts.filter((d): d is ArticleDraft => d !== undefined);
	// Newest first, then by slug in code-point order: the order feed cursors rely on.
	const articles: CompiledArticle[] = compiled
		.filter((d) => !d.draft && d.withdrawn === undefined)
		.sort((a, b) => (a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1))
		.map(({ day, draft: _, oldSlugs, oldSlugLines: __, withdrawn: ___, ...a }) => {
			// An article's id keeps the slug it was first published under: a rename is not a new article.
			const article = { ...a, id: `tag:${site.idAuthority}:articles/${day}/${oldSlugs[0] ?? a.slug}` };
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
	// Embargoed: dated after the build, so first in the newest-first order.
	const embargoes = articles.filter((a) => Date.parse(a.date) > now).map((a) => a.date);
	const prints = fingerprints(rev, articles, [...known.values()], embargoes.length);
	const history = recordChanges(sources.history ?? {}, prints, new Date(now).toISOString());
	const changedAt = (key: string) => history[key]?.changed as string;
	for (const e of known.values()) e.changed = changedAt(historyKey.entity(e.type, e.slug));
	return {
		rev,
		fingerprint: prints.get(historyKey.content) as string,
		site,
		articles,
		entities: perType((type) => registries[type].entities),
		embargoes,
		renames: {
			articles: Object.fromEntries(
				compiled
					.filter((d) => !d.draft && d.withdrawn === undefined)
					.flatMap((d) => d.oldSlugs.map((old) => [old, d.slug])),
			),
			entities: perType((type) =>
				Object.fromEntries(registries[type].entities.flatMap((e) => (e.oldSlugs ?? []).map((old) => [old, e.slug]))),
			),
		},
		// An article withdrawn before its date was never public: its URL stays a 404, like any unknown one.
		withdrawn: Object.fromEntries(
			compiled.flatMap((d) =>
				d.withdrawn === undefined || d.draft || Date.parse(d.date) > now
					? []
					: [d.slug, ...d.oldSlugs].map((s) => [s, d.withdrawn as string]),
			),
		),
		changed: {
			revision: changedAt(historyKey.revision),
			site: changedAt(historyKey.site),
			content: changedAt(historyKey.content),
		},
		history,
	};
}
