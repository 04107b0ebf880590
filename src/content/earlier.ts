/**
 * What a build compares with the build before it, when a build stays up between saves (see
 * scripts/build-server.ts): the earlier build's articles, position by position, and what its
 * packing made of them. At a million articles, each pass over the articles' objects costs half a
 * second or more (they lie across gigabytes of heap); a build whose articles stand where they
 * stood, each with the slug, dates and tags it had (a body, a title or a correction edited), takes
 * the entities' lists and every file no changed article is in from the earlier build, and makes
 * again only what the changed articles are in. Runs at build time, in Node; the Worker never
 * imports it.
 */
import type { CompiledArticle, ContentLayout, EntityRef, PackedContent, PackedEntity } from "./types.ts";

/** The articles' fields, one array each, in position order: read from the objects once a build. */
export type ArticleColumns = {
	revs: string[];
	slugs: string[];
	dates: string[];
	updated: string[];
	entities: EntityRef[][];
};

/** What packing made of a build's articles and entities, for the next build to take (see pack.ts). */
export type PackMemo = {
	layout: ContentLayout;
	/** The content's revision and how many articles were embargoed: a build of others takes nothing. */
	rev: string;
	embargoed: number;
	/** Each kind's files' ids (see fileId in pack.ts), in file order; the slug index's by its whole. */
	ids: Record<keyof PackedContent["files"], string[]>;
	/** The registry's entries as packed, in table order. */
	records: PackedEntity[];
	/** The head's tables made of the positions, the entities' lists and the registries. */
	shape: Pick<
		PackedContent,
		| "registry"
		| "embargoOnly"
		| "embargoNames"
		| "updated"
		| "indexFirst"
		| "slugBuckets"
		| "listGroups"
		| "updatesFirst"
	>;
};

/** What a build keeps for the next, once it has succeeded. */
export type EarlierBuild = {
	columns: ArticleColumns;
	/** Each entity's list of positions, by "type:slug" (see compile.ts). */
	lists: ReadonlyMap<string, readonly number[]>;
	pack: PackMemo;
};

/**
 * This build's columns, and, when `earlier` is given and every article stands where it stood with
 * the same slug, dates and tags, the positions whose article changed (its revision moved). Else
 * `changed` is undefined: positions moved (an article added, removed or dated again), or an
 * article's tags changed, and everything is made again.
 */
export type Changes = { columns: ArticleColumns; changed?: number[] };

const EMPTY: readonly string[] = [];

/** Computed once for a build's articles and the earlier build it is compared with (compiling and packing both ask). */
const known = new WeakMap<readonly CompiledArticle[], { earlier: EarlierBuild | undefined; changes: Changes }>();

/** This build's columns, and what changed in place since `earlier` (see Changes). */
export function changesSince(articles: readonly CompiledArticle[], earlier?: EarlierBuild): Changes {
	const memo = known.get(articles);
	if (memo && memo.earlier === earlier) return memo.changes;
	const n = articles.length;
	const columns: ArticleColumns = {
		revs: new Array(n),
		slugs: new Array(n),
		dates: new Array(n),
		updated: new Array(n),
		entities: new Array(n),
	};
	const before = earlier?.columns;
	let changed: number[] | undefined = before && before.revs.length === n ? [] : undefined;
	const was = before?.revs ?? EMPTY;
	// One pass over the objects: every later pass reads these arrays.
	for (let i = 0; i < n; i++) {
		const a = articles[i] as CompiledArticle;
		columns.revs[i] = a.rev;
		columns.slugs[i] = a.slug;
		columns.dates[i] = a.date;
		columns.updated[i] = a.updated;
		columns.entities[i] = a.entities;
		if (changed && a.rev !== was[i]) changed.push(i);
	}
	if (changed && before)
		for (const i of changed)
			if (
				columns.slugs[i] !== before.slugs[i] ||
				columns.dates[i] !== before.dates[i] ||
				columns.updated[i] !== before.updated[i] ||
				!sameRefs(columns.entities[i] as EntityRef[], before.entities[i] as EntityRef[])
			) {
				changed = undefined;
				break;
			}
	const changes = { columns, changed };
	known.set(articles, { earlier, changes });
	return changes;
}

const sameRefs = (a: readonly EntityRef[], b: readonly EntityRef[]) =>
	a.length === b.length && a.every((r, i) => r.type === b[i]?.type && r.slug === b[i]?.slug);
