/**
 * The content compiler: validates every file, renders Markdown to sanitized HTML, tags articles
 * with the people and films they mention, and indexes them (see compileContent).
 */
import { createHash } from "node:crypto";
import { changesSince, type EarlierBuild, listsAfter } from "../../src/content/earlier.ts";
import { hiddenAt } from "../../src/content/edition.ts";
import { ENTITY_TYPE_NAMES, ENTITY_TYPES, type EntityType, isByline, perType } from "../../src/content/entity-types.ts";
import { firstAtOrAfter } from "../../src/content/sorted.ts";
import type { CompiledArticle, CompiledContent, Entity, EntityRef, Site } from "../../src/content/types.ts";
import { type ArticleContext, type ArticleDraft, compileArticle } from "./article.ts";
import { ContentError, type ContentProblem } from "./errors.ts";
import { type FeedHistory, historyKey, recordChanges } from "./history.ts";
import type { ImageCatalog } from "./images.ts";
import { checkPhrases, compileRegistry, compileSite, type Registry, type SourceFile } from "./registries.ts";
import type { SelectionField } from "./schema.ts";
import { type Spill, SpilledArticle } from "./spill.ts";
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

/**
 * What is kept of a compiled file: what its slugs, dates and state are checked by, and its article
 * if it is published (neither a draft nor withdrawn).
 */
export type Compiled = Pick<ArticleDraft, "slug" | "date" | "draft" | "oldSlugs" | "oldSlugLines" | "withdrawn"> & {
	article?: CompiledArticle;
};

const revision = (...parts: unknown[]) =>
	createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);

/**
 * What an earlier build of the same basis (see cache.ts) recorded of its entities' feeds, and what
 * may have changed them since: an entity none of whose articles was edited, added, removed or
 * revealed since keeps its fingerprint, not hashed again (at a million articles, hashing every
 * entity's list took three seconds of a one-article edit).
 */
export type EarlierPrints = {
	/** Fingerprints by history key, as that build recorded them. */
	prints: ReadonlyMap<string, string>;
	/** That build's clock: an article dated after it and not after this build's was revealed since. */
	builtAt: number;
	/** Whether the file (its number in file order) is as that build compiled it (its cache gave it). */
	keptFile: (file: number) => boolean;
	/** History keys of the entities named by that build's files that this one does not keep (edited or removed). */
	dropped: ReadonlySet<string>;
};

/**
 * What each feed's bytes (and every page's) are made of, by history key. The revision of the code
 * and the site settings, which every output depends on, is one record of its own, so a code
 * change moves one line of the history, not all of them; then each entity's feed (the entity and
 * its articles' revisions in order), the site feed (every article) and the pages (every article
 * and entity). A feed's filtered and paged variants are made of its entities' parts, so their
 * Last-Modified is the latest of those records and the revision's. An entity `touched` leaves
 * alone takes its print from `earlier`.
 */
function fingerprints(
	rev: string,
	revAt: readonly string[],
	entities: Entity[],
	embargoed: number,
	earlier?: { prints: ReadonlyMap<string, string>; touched: ReadonlySet<string> },
): Map<string, string> {
	const prints = new Map<string, string>();
	// Only what the build publishes at once: an embargoed article (positions 0 to embargoed - 1) and
	// an entity only such articles name change no feed, and no Last-Modified, until they are revealed.
	const shown = entities.filter((e) => !hiddenAt(e.articles, embargoed));
	prints.set(historyKey.revision, rev);
	// The site's print is revision(revs) and the pages' revision(revs, entities): the revisions'
	// JSON made once for both (at a million articles, 18 MB), and each hashed as revision would.
	const revs = revisionsJson(embargoed ? revAt.slice(embargoed) : revAt);
	const digest = (...parts: string[]) => {
		const hash = createHash("sha256");
		for (const part of parts) hash.update(part);
		return hash.digest("base64url").slice(0, 16);
	};
	prints.set(historyKey.site, digest("[", revs, "]"));
	prints.set(
		historyKey.content,
		digest("[", revs, ",", JSON.stringify(shown.map((e) => [e.type, e.slug, e.rev, e.aliases])), "]"),
	);
	for (const e of entities) {
		const key = historyKey.entity(e.type, e.slug);
		const kept = earlier && !earlier.touched.has(key) ? earlier.prints.get(key) : undefined;
		if (kept !== undefined) {
			prints.set(key, kept);
			continue;
		}
		// A list is in position order: its embargoed articles come first.
		const from = firstAtOrAfter(e.articles, embargoed);
		const list = from ? e.articles.slice(from) : e.articles;
		prints.set(
			key,
			revision(
				e.rev,
				list.map((i) => revAt[i]),
			),
		);
	}
	return prints;
}

/**
 * JSON.stringify of revisions (see revision: base64url, which JSON never escapes), joined rather
 * than each scanned for characters to escape: at a million, half the time.
 */
const revisionsJson = (revs: readonly string[]) => (revs.length ? `["${revs.join('","')}"]` : "[]");

/**
 * The history keys of the entities whose feeds may have changed since `earlier`: those its files
 * named that this build does not keep, those this build's articles not kept name, and those of the
 * articles revealed since (`articles` newest first, the first `embargoed` of them hidden now).
 */
function touchedSince(
	earlier: EarlierPrints,
	drafts: readonly (Compiled | undefined)[],
	articles: readonly CompiledArticle[],
	embargoed: number,
): Set<string> {
	const touched = new Set(earlier.dropped);
	const add = (a: CompiledArticle) => {
		for (const r of a.entities) touched.add(historyKey.entity(r.type, r.slug));
	};
	drafts.forEach((d, i) => {
		if (d?.article && !earlier.keptFile(i)) add(d.article);
	});
	for (
		let i = embargoed;
		i < articles.length && Date.parse((articles[i] as CompiledArticle).date) > earlier.builtAt;
		i++
	)
		add(articles[i] as CompiledArticle);
	return touched;
}

/**
 * Every article's slugs, its own and its old ones, drafts and withdrawn articles included: each
 * names one article's URL, so no two articles may claim one.
 */
function checkArticleSlugs(
	files: readonly SourceFile[],
	drafts: (Compiled | undefined)[],
	problems: ContentProblem[],
): void {
	// Only old slugs are looked up: the articles' own slugs that are someone's old one are all it needs.
	const olds = new Set<string>();
	for (const d of drafts) for (const old of d?.oldSlugs ?? NONE) olds.add(old);
	if (olds.size === 0) return;
	const claimed = new Map<string, string>();
	drafts.forEach((d, k) => {
		if (d && olds.has(d.slug)) claimed.set(d.slug, (files[k] as SourceFile).path);
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
 * The registries' entities as `prepare` compiled them from the same files without a problem (with
 * their revisions, before any article is counted): a build cache's (see cache.ts), which
 * parsing a hundred thousand entries' YAML again would only give back.
 */
export type KeptRegistries = Record<EntityType, Entity[]>;

/** A registry compiled without a problem, from its entities: every entry it declares is one of them. */
function keptRegistry(file: SourceFile, entities: Entity[]): Registry {
	const declared = new Map(entities.map((e) => [e.slug, { slug: e.slug, name: e.name, aliases: e.aliases }]));
	return { file, entities, declared, readable: true };
}

/**
 * The last tagger made, and the registries' text it was made from: a build that stays up between
 * saves (scripts/build-server.ts) makes it once, not every build (at a million articles and
 * 120,000 entities, 0.35 s). One, the size of the registries' names.
 */
let lastTagger: { texts: string[]; tag: (text: string) => Set<string> } | undefined;

/** What each article is compiled against: the site, the registries, their revisions and the tagger. */
export type Prepared = { site?: Site; known: Map<string, Entity>; context: ArticleContext };

/**
 * The site and the registries compiled (their problems recorded), each entity's revision, and the
 * tagger: what every article is then compiled against, in this thread or another (parallel.ts).
 */
export function prepare(
	sources: ContentSources,
	now: number,
	problems: ContentProblem[],
	kept?: KeptRegistries,
): Prepared {
	const site = compileSite(sources.site, problems);
	const images = sources.images ?? new Map();
	const registries = kept
		? perType((type) => keptRegistry(sources[ENTITY_TYPES[type].plural], kept[type]))
		: perType((type) => compileRegistry(type, sources[ENTITY_TYPES[type].plural], problems, images));
	if (!kept) checkPhrases(Object.values(registries), problems);

	const known = new Map<string, Entity>(
		ENTITY_TYPE_NAMES.flatMap((type) => registries[type].entities).map((e) => [refKey(e), e]),
	);
	if (!kept)
		for (const e of known.values())
			e.rev = revision(e.type, e.slug, e.name, e.kind, e.year, e.description, e.url, e.email, e.image, e.oldSlugs);
	// Made from the registries alone: the last one made is taken again for the same registries' text.
	const texts = ENTITY_TYPE_NAMES.map((type) => sources[ENTITY_TYPES[type].plural].text);
	const tag =
		lastTagger?.texts.every((text, i) => text === texts[i]) === true
			? lastTagger.tag
			: // Bylines are named in front matter only: an author's name in the text is not a byline.
				createTagger(
					[...known.values()]
						.filter((e) => !isByline(e.type))
						.map((e) => ({
							ref: e,
							phrases: [e.name, ...e.aliases].map((p) => p.normalize("NFC")),
						})),
				);
	lastTagger = { texts, tag };
	const order = new Map([...known.keys()].map((key, i) => [key, i]));
	return { site, known, context: { registries, known, order, tag, now, images } };
}

/**
 * One file compiled into its article as published (with its id and revision), or what is kept
 * of a draft or a withdrawn article; undefined if it has problems (recorded).
 */
export function compileFile(file: SourceFile, { site, known, context }: Prepared, problems: ContentProblem[]) {
	const d = compileArticle(file, context, problems);
	if (!d) return undefined;
	const { day, draft, oldSlugs, oldSlugLines, withdrawn, ...a } = d;
	const meta: Compiled = { slug: d.slug, date: d.date, draft, oldSlugs, oldSlugLines, withdrawn };
	if (draft || withdrawn !== undefined || !site) return meta;
	// An article's id keeps the slug it was first published under: a rename is not a new article.
	const article = { ...a, id: `tag:${site.idAuthority}:articles/${day}/${oldSlugs[0] ?? a.slug}` };
	const published: CompiledArticle = {
		...article,
		rev: revision(
			article,
			article.entities.map((r) => known.get(refKey(r))?.rev),
		),
	};
	return { ...meta, article: published };
}

/**
 * `compiled` with its article's body written to the spill (see spill.ts), and no empty lists of
 * its own: what a build keeps of each of a million files.
 */
export function spillCompiled(
	compiled: Compiled | undefined,
	spill: Spill,
	refs: Map<string, EntityRef>,
): Compiled | undefined {
	if (!compiled) return undefined;
	const { oldSlugs, oldSlugLines, article } = compiled;
	return {
		...compiled,
		oldSlugs: oldSlugs.length ? oldSlugs : NONE,
		oldSlugLines: oldSlugLines.length ? oldSlugLines : NONE,
		article: article && new SpilledArticle(article, spill, refs),
	};
}

/** The one empty list a kept file's empty lists share. */
export const NONE: never[] = [];

/** Newest first, then by slug in code-point order (no two articles share a slug). */
const newestFirst = (a: CompiledArticle, b: CompiledArticle) =>
	a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1;

/**
 * The files' published articles, newest first (then by slug). Those of the files numbered in
 * `order` are taken first, in that order: an earlier build's order of its articles, of the files
 * it gave unchanged, which is in order already (checked as they are taken, each against the one
 * before, unless it `holds`: a build cache's, which gives only files unchanged since). The others,
 * few after an edit, are sorted and merged in, each where a halving search puts it. Any order not
 * said to hold gives the same result: taken out of order, or with many others, everything
 * is sorted, which for a list almost in order takes linear time.
 */
function newestFirstFrom(
	drafts: readonly (Compiled | undefined)[],
	order: readonly number[],
	holds: boolean,
): CompiledArticle[] {
	const taken: CompiledArticle[] = [];
	const placed = new Uint8Array(drafts.length);
	let inOrder = true;
	let last: CompiledArticle | undefined;
	for (const i of order) {
		const article = drafts[i]?.article;
		if (article && !placed[i]) {
			placed[i] = 1;
			// An order known to hold is not checked (at a million articles, half a second).
			if (!holds && inOrder && last && newestFirst(last, article) > 0) inOrder = false;
			last = article;
			taken.push(article);
		}
	}
	const others: CompiledArticle[] = [];
	for (let i = 0; i < drafts.length; i++)
		if (!placed[i]) {
			const article = drafts[i]?.article;
			if (article) others.push(article);
		}
	if (!inOrder || others.length > MERGED_UP_TO) return taken.concat(others).sort(newestFirst);
	others.sort(newestFirst);
	const merged: CompiledArticle[] = new Array(taken.length + others.length);
	let t = 0;
	let m = 0;
	for (const article of others) {
		let [low, high] = [t, taken.length];
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (newestFirst(taken[mid] as CompiledArticle, article) < 0) low = mid + 1;
			else high = mid;
		}
		while (t < low) merged[m++] = taken[t++] as CompiledArticle;
		merged[m++] = article;
	}
	while (t < taken.length) merged[m++] = taken[t++] as CompiledArticle;
	return merged;
}

/** Articles merged into an order taken as it was, at most: past this many, sorting all of them is as quick. */
const MERGED_UP_TO = 4096;

/** Lists of files found in path order already (see inFileOrder), each checked once. */
const inPathOrder = new WeakSet<readonly SourceFile[]>();

/** The articles' files in the order they are compiled and their problems reported: by path. */
export function inFileOrder(articles: readonly SourceFile[]): readonly SourceFile[] {
	// A build lists them in that order already: seen in one pass, without calling a comparator a
	// million times (at a million articles, half a second a build, for two sorts), and once for
	// the build and the compiler both (comparing a million paths is 0.4 s).
	if (inPathOrder.has(articles)) return articles;
	let sorted = true;
	for (let i = 1; i < articles.length && sorted; i++)
		sorted = (articles[i - 1] as SourceFile).path < (articles[i] as SourceFile).path;
	if (!sorted) return [...articles].sort((a, b) => (a.path < b.path ? -1 : 1));
	inPathOrder.add(articles);
	return articles;
}

/**
 * Compiles the content: validates every file, renders Markdown to sanitized HTML, tags articles
 * with the people and films they mention, and indexes them. Pure: reads nothing but its input.
 * Throws a ContentError that lists every problem found, in every file.
 *
 * `codeRev` is the revision of the code that renders responses: with the site settings it makes
 * the content's `rev`, part of every ETag, so a deploy that changes the output changes the ETags.
 * `now` is the build's clock: what "in the future" means, and the time recorded in the history
 * for every feed whose bytes changed. With `spill`, each article's text is kept there rather than
 * in memory. With `compiled`, the articles were compiled already (by parallel.ts, or an earlier
 * build, cache.ts: against the same sources and clock), one per file in file order, with the
 * problems they had; those given as null are compiled here, and set there. `onPrepared` is given
 * what every article is compiled against (see prepare), once it is. `likelyOrder`, the files (by
 * number) in an earlier build's order of their articles, makes sorting them linear; any order
 * gives the same result, unless `likelyOrderHolds` says it is that build's order of files
 * unchanged since (a build cache's), which is then taken as sorted. `registries`, an earlier
 * build's of the same files (see KeptRegistries), are taken rather than compiled. `earlier`, that build's entities' fingerprints (see
 * EarlierPrints), are taken for the entities nothing changed since. `before`, the last build
 * of a build that stays up (see EarlierBuild), gives the entities' lists when every article stands
 * where it stood then, naming what it named.
 */
export function compileContent(
	sources: ContentSources,
	options: {
		codeRev?: string;
		now?: number;
		spill?: Spill;
		compiled?: { files: (Compiled | undefined | null)[]; problems: ContentProblem[] };
		onPrepared?: (prepared: Prepared) => void;
		likelyOrder?: readonly number[];
		likelyOrderHolds?: boolean;
		registries?: KeptRegistries;
		earlier?: EarlierPrints;
		before?: EarlierBuild;
	} = {},
): CompiledContent {
	const now = options.now ?? Date.now();
	const problems: ContentProblem[] = [];
	const prepared = prepare(sources, now, problems, options.registries);
	options.onPrepared?.(prepared);
	const { site, known } = prepared;
	const { registries } = prepared.context;
	const files = inFileOrder(sources.articles);
	const { spill, compiled: done } = options;
	if (done) problems.push(...done.problems);
	// What is kept of each file: small once its text is spilled.
	const refs = new Map<string, EntityRef>();
	const drafts = files.map((file, i) => {
		const given = done?.files[i];
		if (done && given !== null) return given;
		const compiled = compileFile(file, prepared, problems);
		const kept = spill ? spillCompiled(compiled, spill, refs) : compiled;
		if (done) done.files[i] = kept;
		return kept;
	});
	checkArticleSlugs(files, drafts, problems);

	if (problems.length > 0 || !site) throw new ContentError(inReadingOrder(problems));

	// Renamed and withdrawn articles are few: found in one pass, rather than a list made for each of a million.
	const renamed = drafts.filter(
		(d): d is Compiled => d !== undefined && (d.oldSlugs.length > 0 || d.withdrawn !== undefined),
	);
	// Newest first, then by slug in code-point order: the order feed cursors rely on. Taken from an
	// earlier build's order where one is given, the others merged in (see newestFirstFrom).
	const articles = newestFirstFrom(drafts, options.likelyOrder ?? [], options.likelyOrderHolds === true);
	// Each article's fields in columns, and what changed in place since the earlier build, if any.
	const changes = changesSince(articles, options.before);
	const { before } = options;
	const lists = changes.changed && before?.lists;
	// A few articles added, removed or dated again: each list is the earlier one, moved.
	const moved = changes.moves && listsAfter(changes.moves, changes.columns, before as EarlierBuild, known.keys());
	if (lists && [...known.keys()].every((key) => lists.has(key)))
		// Every article stands where it stood and names what it named: each entity's list is as it was.
		for (const [key, e] of known) e.articles = lists.get(key) as number[];
	else if (moved) for (const [key, e] of known) e.articles = moved.get(key) as number[];
	else {
		// Refs are mostly shared objects (see sharedRefs): found by the object, not by a key made a million times.
		const entityOf = new Map<EntityRef, Entity | undefined>();
		changes.columns.entities.forEach((refs, index) => {
			for (const ref of refs) {
				let entity = entityOf.get(ref);
				if (entity === undefined && !entityOf.has(ref)) {
					entity = known.get(refKey(ref));
					entityOf.set(ref, entity);
				}
				entity?.articles.push(index);
			}
		});
	}
	const rev = revision(site, options.codeRev ?? "");
	// Embargoed: dated after the build, so first in the newest-first order.
	const embargoes: string[] = [];
	for (const a of articles) {
		if (Date.parse(a.date) <= now) break;
		embargoes.push(a.date);
	}
	const { earlier } = options;
	const prints = fingerprints(
		rev,
		changes.columns.revs,
		[...known.values()],
		embargoes.length,
		earlier && { prints: earlier.prints, touched: touchedSince(earlier, drafts, articles, embargoes.length) },
	);
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
				renamed
					.filter((d) => !d.draft && d.withdrawn === undefined)
					.flatMap((d) => d.oldSlugs.map((old) => [old, d.slug])),
			),
			entities: perType((type) =>
				Object.fromEntries(registries[type].entities.flatMap((e) => (e.oldSlugs ?? []).map((old) => [old, e.slug]))),
			),
		},
		// An article withdrawn before its date was never public: its URL stays a 404, like any unknown one.
		withdrawn: Object.fromEntries(
			renamed.flatMap((d) =>
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
