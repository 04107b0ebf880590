import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readContent, readContentFolder } from "../../scripts/build-content.ts";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { generateCorpus } from "../../scripts/corpus.ts";
import { changesSince, type EarlierBuild, listsAfter, type Moves, movesSince } from "../../src/content/earlier.ts";
import { createEditions, editionSourceOf } from "../../src/content/edition.ts";
import { ENTITY_TYPE_NAMES, type EntityType, kindHasFeed, perType } from "../../src/content/entity-types.ts";
import { ContentNeeded, ContentUnavailable, checkFile, readSection } from "../../src/content/files.ts";
import { distinctUpdates, type FileReuse, LAYOUT, openPacked, toModule } from "../../src/content/pack.ts";
import { fromOldest, indexCut, type LazyEntity, slugBucket } from "../../src/content/records.ts";
import { suggestSlugs } from "../../src/content/suggest.ts";
import type { ArticleIndex, CompiledContent, ContentLayout, Entity } from "../../src/content/types.ts";
import { FIXTURE_CONTENT } from "../paths.ts";

// A generated corpus through the real compiler and the writer, read back by the Worker's reader, in
// a layout small enough that every kind of section spans several files, the last of each partial.
const GENERATED = 1_000 + 37;
const SMALL: ContentLayout = {
	blockSize: 16,
	blocksPerFile: 4,
	chunkSize: 8,
	chunksPerFile: 4,
	bucketSize: 64,
	bucketsPerFile: 3,
	listChars: 200,
	listSectionsPerFile: 3,
	recent: 5,
	updatesPerSection: 50,
	updateSectionsPerFile: 3,
	entitiesPerSection: 16,
	entitySectionsPerFile: 3,
	keysPerSection: 32,
	keySectionsPerFile: 3,
};

/** A type's table as the Worker reads it: the entities some article names, those with feeds first, each in registry order. */
const tableOf = (content: CompiledContent, type: EntityType): Entity[] => {
	const named = content.entities[type].filter((e) => e.articles.length > 0);
	return [...named.filter((e) => kindHasFeed(type, e.kind)), ...named.filter((e) => !kindHasFeed(type, e.kind))];
};

/** An entry as read, without what the reader adds (its count, oldest, latest and place). */
const fieldsOf = (e: Entity) => {
	const {
		count: _,
		oldest: __,
		latest: ___,
		newest: _____,
		k: ____,
		...fields
	} = { ...e } as Entity & Record<string, unknown>;
	return fields;
};
const dir = mkdtempSync(join(tmpdir(), "reelfeed-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
generateCorpus(GENERATED, 5, dir);
const generated = compileContent(readContentFolder(dir));
/** The generated articles and its embargoed scoops. */
const N = generated.articles.length;
// The generator never updates an article; some here are, a day after publication, so that the
// `updated` column (kept only where it differs from `date`) is read back too; and some old ones
// after the newest article was published, so that an entity's latest update is not its newest article's.
const newestDate = Date.parse(generated.articles[0]?.date as string);
const compiled = {
	...generated,
	articles: generated.articles.map((a, i) =>
		i % 7 === 3
			? { ...a, updated: new Date(Date.parse(a.date) + 86_400_000).toISOString() }
			: i % 11 === 5 && i > N / 2
				? { ...a, updated: new Date(newestDate + 3_600_000 + i).toISOString() }
				: a,
	),
};
const packed = toModule(compiled, [], SMALL);
const open = () => openPacked(packed.head, packed.files);

describe("the compiled content, read back", () => {
	it("is a small head and files of every kind, several of each, each whole", () => {
		const { head } = open();
		expect(compiled.articles).toHaveLength(N);
		expect(head.files.index).toHaveLength(Math.ceil(N / (SMALL.blockSize * SMALL.blocksPerFile)));
		expect(head.files.bodies).toHaveLength(Math.ceil(N / (SMALL.chunkSize * SMALL.chunksPerFile)));
		expect(head.files.slugs).toHaveLength(Math.ceil(Math.ceil(N / SMALL.bucketSize) / SMALL.bucketsPerFile));
		expect(head.files.lists.length).toBeGreaterThan(1);
		expect(head.files.updates.length).toBeGreaterThan(1);
		expect([...packed.files.keys()].sort()).toEqual(Object.values(head.files).flat().sort());
		for (const [name, bytes] of packed.files) {
			expect(checkFile(bytes), name).toBeUndefined();
			expect(name).toMatch(/^(index|bodies|slugs|lists|updates|registry|recent|keys)\/[0-9a-f]{16}\.bin$/);
		}
	});

	it("keeps no per-article data in the head that startup parses", () => {
		const { head } = open();
		const text = JSON.stringify(head);
		const firsts = new Set(head.indexFirst.map(([, slug]) => slug));
		for (const a of compiled.articles) if (!firsts.has(a.slug)) expect(text.includes(`"${a.slug}"`)).toBe(false);
		expect(head.articleCount).toBe(N);
		// The newest update a reader can see at once: the embargoed articles' are not.
		expect(head.embargoes.length).toBeGreaterThan(0);
		expect(head.updated).toBe(
			compiled.articles
				.slice(head.embargoes.length)
				.map((a) => a.updated)
				.sort()
				.at(-1),
		);
		// No registry entry is in the head: startup parses none.
		for (const type of ENTITY_TYPE_NAMES)
			for (const e of compiled.entities[type]) expect(text.includes(JSON.stringify(e.description))).toBe(false);
	});

	it("gives every entity some article names its fields, count, oldest article and list, by its place, from the files", () => {
		const reader = open();
		for (const type of ENTITY_TYPE_NAMES) {
			const table = tableOf(compiled, type);
			const { start, count, withFeeds } = reader.head.registry[type];
			expect(count).toBe(table.length);
			expect(withFeeds).toBe(table.filter((e) => kindHasFeed(type, e.kind)).length);
			table.forEach((expected, i) => {
				const { articles, ...fields } = expected;
				const entity = reader.entityAt(start + i) as Entity & { count: number; oldest: number; latest: string };
				expect(fieldsOf(entity)).toEqual(fields);
				expect(entity.count).toBe(articles.length);
				expect(entity.oldest).toBe(articles.at(-1));
				expect(entity.latest).toBe(
					articles
						.filter((p) => p >= compiled.embargoes.length)
						.map((p) => compiled.articles[p]?.updated as string)
						.sort()
						.at(-1) ?? "",
				);
				expect(entity.articles).toEqual(articles);
				expect((entity as LazyEntity).recent).toEqual(articles.slice(0, SMALL.recent));
			});
		}
		expect(reader.head.registry.person.count).toBeGreaterThan(SMALL.entitiesPerSection * SMALL.entitySectionsPerFile);
	});

	it("finds every entity by its slug, and by nothing else", () => {
		for (const type of ENTITY_TYPE_NAMES)
			for (const e of tableOf(compiled, type)) {
				const reader = open();
				expect(reader.findEntity(type, e.slug)?.slug).toBe(e.slug);
				// A word of its slug is a key of the index, not a slug: it finds nothing.
				const word = e.slug.split("-").at(-1) as string;
				if (!tableOf(compiled, type).some((x) => x.slug === word))
					expect(reader.findEntity(type, word)).toBeUndefined();
			}
		const reader = open();
		for (const slug of ["", "constructor", "__proto__", "zzzzzz", "a"])
			expect(reader.findEntity("person", slug)).toBeUndefined();
	});

	it("finds the keys near a word of a name: what a not-found suggests from", () => {
		const reader = open();
		const someone = tableOf(compiled, "person")[5] as Entity;
		const last = someone.slug.split("-").at(-1) as string;
		expect(reader.keysNear("person", last, 10).some((n) => n.slug === someone.slug && n.key === last)).toBe(true);
	});

	it("gives back every field of every registry's entries: images, addresses and pages too", async () => {
		// The fixtures have what the generated corpus has not: images, authors with pages, series.
		const fixtures = compileContent(await readContent(FIXTURE_CONTENT));
		const { head, files } = toModule(fixtures);
		const reader = openPacked(head, files);
		for (const type of ENTITY_TYPE_NAMES)
			for (const { articles, ...fields } of tableOf(fixtures, type)) {
				const e = reader.findEntity(type, fields.slug) as Entity;
				expect(fieldsOf(e)).toEqual(fields);
				expect(e.articles).toEqual(articles);
			}
		expect(fixtures.entities.person.some((e) => e.image)).toBe(true);
		expect(fixtures.entities.author.some((e) => e.url)).toBe(true);
	});

	it("gives every article back at its position, index and body, from a fresh reader each way", () => {
		const byPosition = open();
		expect(byPosition.articles.length).toBe(N);
		// Backwards, so that blocks and chunks are first read from their last article.
		for (let position = N - 1; position >= 0; position--) {
			const { slug, title, date, updated, rev, ...body } = compiled.articles[
				position
			] as (typeof compiled.articles)[number];
			const entry = byPosition.articles.at(position);
			expect(entry).toEqual({ position, slug, title, date, updated, rev });
			// Its entities as its items show them: what a feed needs, so that it reads no registry.
			const entities = body.entities.map((ref) => {
				const e = compiled.entities[ref.type].find((x) => x.slug === ref.slug) as Entity;
				return {
					type: e.type,
					slug: e.slug,
					name: e.name,
					kind: e.kind,
					...(e.year === undefined ? {} : { year: e.year }),
					...(e.email === undefined ? {} : { email: e.email }),
				};
			});
			expect(byPosition.load(entry as NonNullable<typeof entry>)).toEqual({
				position,
				slug,
				title,
				date,
				updated,
				rev,
				...body,
				entities,
			});
		}
		const bySlug = open();
		compiled.articles.forEach((a, position) => {
			expect(bySlug.positionOf(a.slug)).toBe(position);
		});
		expect(bySlug.positionOf("no-such-article")).toBeUndefined();
		expect(bySlug.positionOf("constructor")).toBeUndefined();
	});

	it("finds every article by its slug, parsing one bucket of the slug index, not the index", () => {
		compiled.articles.forEach((a, position) => {
			const reader = open();
			const before = reader.stats.sections;
			expect(reader.positionOf(a.slug)).toBe(position);
			expect(reader.stats.sections - before).toBe(1);
		});
	});

	it("narrows a cursor to the one index file that can hold it", () => {
		const { articles } = open();
		compiled.articles.forEach((a, position) => {
			const [from, to] = articles.near(a.date, a.slug);
			expect(position >= from && position < to, `${position} in [${from}, ${to})`).toBe(true);
			expect(to - from).toBeLessThanOrEqual(32 * 4);
		});
		// Newer than every article, and older.
		expect(articles.near("9999-01-01T00:00:00.000Z", "a")[0]).toBe(0);
		expect(articles.near("0001-01-01T00:00:00.000Z", "a")[1]).toBe(N);
	});

	it("rounds any instant down to the latest update at or before it, across sections and files", () => {
		const { updateBefore } = open();
		const updates = [...new Set(compiled.articles.map((a) => a.updated))].sort();
		updates.forEach((u, i) => {
			expect(updateBefore(u)).toBe(u);
			expect(updateBefore(u, true)).toBe(updates[i - 1]);
			expect(updateBefore(`${u}Z`)).toBe(u);
		});
		expect(updateBefore("0001-01-01T00:00:00.000Z")).toBeUndefined();
		expect(updateBefore("9999-01-01T00:00:00.000Z")).toBe(updates.at(-1));
	});

	it("lists every distinct update once, oldest first, however updates and dates coincide", () => {
		// Newest first by date, as the compiler orders them; updates equal to other articles' dates, to each other, and to none.
		const day = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString();
		const dates = [9, 9, 8, 6, 6, 5, 3, 2, 2, 0];
		const updated = [9, 12, 8, 9, 6, 7, 7, 2, 5, 1];
		const articles = dates.map((d, i) => ({
			...(compiled.articles[0] as (typeof compiled.articles)[number]),
			date: day(d),
			updated: day(updated[i] as number),
		}));
		const expected = [...new Set(articles.map((a) => a.updated))].sort();
		expect(distinctUpdates(articles)).toEqual(expected);
		expect(expected).toEqual([1, 2, 5, 6, 7, 8, 9, 12].map(day));
		expect(distinctUpdates(compiled.articles)).toEqual([...new Set(compiled.articles.map((a) => a.updated))].sort());
		expect(distinctUpdates([])).toEqual([]);
		// In any other order, the same.
		expect(distinctUpdates([...articles].reverse())).toEqual(expected);
		expect(distinctUpdates(articles.filter((_, i) => i % 2).concat(articles.filter((_, i) => !(i % 2))))).toEqual(
			expected,
		);
	});

	it("answers undefined outside the articles", () => {
		const { articles } = open();
		for (const position of [-1, N, N + 32, 0.5, Number.NaN]) expect(articles.at(position)).toBeUndefined();
	});
});

/**
 * Files reused by what they are made of, as a build's cache reuses them (see FileReuse): a build
 * finds what the build before it kept; `next` turns to the next build.
 */
function reusing(): { reuse: FileReuse; next: () => void; kept: () => Set<string> } {
	let earlier = new Map<string, string>();
	let kept = new Map<string, string>();
	const reuse: FileReuse = {
		get: (id) => earlier.get(id),
		keep: (id, name) => void kept.set(id, name),
		keepAll: (name) => {
			for (const [id, was] of earlier) if (was === name) kept.set(id, name);
		},
	};
	return {
		reuse,
		next: () => {
			[earlier, kept] = [kept, new Map()];
		},
		// The names the build about to turn kept: the files a build's pruning leaves on disk.
		kept: () => new Set(kept.values()),
	};
}

describe("a new article", () => {
	const { reuse, next } = reusing();
	const pack = (content: CompiledContent) => {
		const packed = toModule(content, [], SMALL, { reuse });
		next();
		return packed;
	};
	const made = (files: Map<string, Uint8Array>, kind: string) =>
		[...files.keys()].filter((n) => n.startsWith(`${kind}/`));

	it("changes only the files it is in: the newest of the index and of the bodies, its slug's, its people's; every other is named again", () => {
		// Both compiled at one time: an entity's `changed` is that time when no history says otherwise.
		const now = Date.parse(generated.changed.content);
		const content = compileContent(readContentFolder(dir), { now });
		const first = pack(content);
		// Built again as it was: every file of the slug index is named by what they all are made of.
		const before = pack(content);
		expect(before.files.size).toBe(0);
		const was = openPacked(before.head, before.files).head.files;
		// Published after every article but the embargoed ones: it is the newest a reader sees. It
		// names one person, as most news does.
		const e = generated.embargoes.length;
		const date = new Date(Date.parse(generated.articles[e]?.date as string) + 1000).toISOString();
		const person = generated.entities.person.find((p) => p.articles.length > 3) as Entity;
		const file = join(dir, "articles", "zz-a-new-article.md");
		writeFileSync(file, `---\ntitle: "A new article"\ndate: ${date}\n---\nNews of ${person.name}.\n`);
		try {
			const added = compileContent(readContentFolder(dir), { now });
			expect(added.articles[e]?.slug).toBe("zz-a-new-article");
			expect(added.articles[e]?.entities).toEqual([{ type: "person", slug: person.slug }]);
			const after = pack(added);
			const reader = openPacked(after.head, new Map([...first.files, ...after.files]));
			const names = reader.head.files;
			// The files it is in, and those the articles newer than it (the embargoed) are in, whose
			// places from the oldest moved by one: of the index and bodies, the newest; of the slug
			// index, their slugs' buckets (as many buckets as before); the lists of the entities they
			// name; the registry entries of its person, and of the entities only they name (whose
			// oldest moved), and the newest articles of every entity they name; the newest updates.
			expect(reader.head.slugBuckets).toBe(openPacked(before.head, before.files).head.slugBuckets);
			const moved = added.articles.slice(0, e + 1);
			const kOf = (type: EntityType, slug: string) => (reader.findEntity(type, slug) as Entity & { k: number }).k;
			const named = new Set(moved.flatMap((a) => a.entities.map((r) => kOf(r.type, r.slug))));
			const onlyThem = ENTITY_TYPE_NAMES.flatMap((type) =>
				tableOf(added, type).filter((x) => (x.articles.at(-1) as number) <= e),
			).map((x) => kOf(x.type, x.slug));
			const files = (kind: keyof typeof names, of: number[]) => {
				const wanted = new Set(of.map((i) => names[kind][i]));
				return names[kind].filter((name) => wanted.has(name));
			};
			const expected = {
				index: [names.index[0]],
				bodies: [names.bodies[0]],
				slugs: files(
					"slugs",
					moved.map((a) => Math.floor(slugBucket(a.slug, reader.head.slugBuckets) / SMALL.bucketsPerFile)),
				),
				lists: files(
					"lists",
					[...named].map((k) =>
						Math.floor(reader.head.listGroups.findLastIndex((first) => first <= k) / SMALL.listSectionsPerFile),
					),
				),
				registry: files(
					"registry",
					[kOf("person", person.slug), ...onlyThem].map((k) =>
						Math.floor(k / (SMALL.entitiesPerSection * SMALL.entitySectionsPerFile)),
					),
				),
				// The newest articles of the entities they name, which hold their places.
				recent: files(
					"recent",
					[...named].map((k) => Math.floor(k / (SMALL.entitiesPerSection * SMALL.entitySectionsPerFile))),
				),
				updates: [names.updates.at(-1)],
				keys: [],
			};
			expect(expected.lists.length).toBeLessThan(names.lists.length);
			expect(expected.slugs.length).toBeLessThan(names.slugs.length);
			for (const kind of Object.keys(names) as (keyof typeof names)[]) {
				expect(made(after.files, kind), kind).toEqual(expected[kind]);
				expect(
					names[kind].filter((name) => !was[kind].includes(name)),
					kind,
				).toEqual(expected[kind]);
			}
			// What a build from nothing writes, byte for byte.
			expect(Buffer.from(after.head).equals(Buffer.from(toModule(added, [], SMALL).head))).toBe(true);
			// Read back through the files named again, every article is where the new build put it,
			// and every entity lists what the new build listed.
			expect(added.articles.map((_, p) => reader.articles.at(p)?.slug)).toEqual(added.articles.map((a) => a.slug));
			expect(added.articles.map((a) => reader.positionOf(a.slug))).toEqual(added.articles.map((_, p) => p));
			expect(reader.load(reader.articles.at(N) as ArticleIndex).slug).toBe(added.articles[N]?.slug);
			for (const type of ENTITY_TYPE_NAMES)
				for (const entity of tableOf(added, type)) {
					const read = reader.findEntity(type, entity.slug) as Entity & { oldest: number };
					expect(read.articles, entity.slug).toEqual(entity.articles);
					expect(read.oldest, entity.slug).toBe(entity.articles.at(-1));
				}
		} finally {
			rmSync(file);
		}
	});
});

describe("a build that stays up, as articles move", () => {
	it("moves each entity's list and makes only the files a moved article is in, writing what a build from nothing writes", {
		timeout: 60_000,
	}, () => {
		// A build server's builds: each given the last one's (see EarlierBuild), and the files it kept.
		const { reuse, next, kept } = reusing();
		const now = Date.parse(generated.changed.content);
		const read = (before?: EarlierBuild) => compileContent(readContentFolder(dir), { now, before });
		let last = toModule(read(), [], SMALL, { reuse, stays: true });
		next();
		// Each place's bucket found by the first build that stays up, as the server's warm-up does;
		// by no other build with nothing to take them from.
		const first = read();
		expect([...(last.next.pack.slugPlaces?.of ?? [])]).toEqual(
			first.articles.map((_, place) =>
				slugBucket(
					first.articles[fromOldest(first.articles.length, place)]?.slug as string,
					last.next.pack.shape.slugBuckets,
				),
			),
		);
		expect(toModule(first, [], SMALL).next.pack.slugPlaces).toBeUndefined();
		const all = new Map(last.files);
		const e = generated.embargoes.length;
		const people = generated.entities.person.filter((p) => p.articles.length > 3);
		const file = join(dir, "articles", "zz-a-moved-article.md");
		const at = (position: number, seconds: number) =>
			new Date(Date.parse(generated.articles[position]?.date as string) + seconds * 1000).toISOString();
		const article = (date: string, who: Entity) =>
			writeFileSync(file, `---\ntitle: "A moved article"\ndate: ${date}\n---\nNews of ${who.name}.\n`);
		// [what, the change, where the article stands after it (undefined: gone)]
		const steps: [string, () => void, number | undefined][] = [
			["a new article, the newest a reader sees", () => article(at(e, 1), people[0] as Entity), e],
			["taken out again", () => rmSync(file), undefined],
			["added again", () => article(at(e, 1), people[0] as Entity), e],
			["dated again, to the middle of the archive", () => article(at(500, 1), people[0] as Entity), 500],
			["naming someone else", () => article(at(500, 1), people[1] as Entity), 500],
			[
				// Known by one more key: the key index is made again, not taken from the last build.
				"a person given an alias, and the article the newest again",
				() => {
					const text = readFileSync(registry, "utf8");
					const entry = `- slug: ${aliased.slug}\n  name: ${JSON.stringify(aliased.name)}\n`;
					expect(text).toContain(entry);
					writeFileSync(registry, text.replace(entry, `${entry}  aliases: ["Zzq Xvw"]\n`));
					article(at(e, 1), people[0] as Entity);
				},
				e,
			],
			[
				// Its value of `updated` another article's too: taken out, the value stays.
				"dated as another article is, to the second",
				() => article(at(e, 0), people[0] as Entity),
				(generated.articles[e]?.slug as string) < "zz-a-moved-article" ? e + 1 : e,
			],
			[
				// An article that stays, updated: its old `updated` goes, its entities' latest update moves.
				"an older article updated, and the article taken out",
				() => {
					const text = readFileSync(older, "utf8");
					expect(text).toMatch(/^date: /m);
					writeFileSync(
						older,
						text.replace(/^date: .*$/m, (line) => `${line}\nupdated: ${at(e, -60)}`),
					);
					rmSync(file);
				},
				undefined,
			],
		];
		const registry = join(dir, "people.yaml");
		const older = join(dir, "articles", `${generated.articles[700]?.slug}.md`);
		const olderText = readFileSync(older, "utf8");
		const original = readFileSync(registry, "utf8");
		const aliased = people.find((p) => p.aliases.length === 0 && p !== people[0]) as Entity;
		try {
			for (const [what, change, stands] of steps) {
				change();
				const counted = read();
				const moved = read(last.next);
				// Found as moves from the last build, not counted again.
				const moves = changesSince(moved.articles, last.next).moves;
				expect(moves, what).toBeDefined();
				expect(moves?.added, what).toEqual(stands === undefined ? [] : [stands]);
				if (stands !== undefined) expect(moved.articles[stands]?.slug, what).toBe("zz-a-moved-article");
				const lists = (c: CompiledContent) => perType((type) => c.entities[type].map((x) => [x.slug, x.articles]));
				expect(lists(moved), what).toEqual(lists(counted));
				const after = toModule(moved, [], SMALL, { reuse, earlier: last.next, stays: true });
				// Every file the head names was made or kept by this build: none is pruned from under it.
				const onDisk = kept();
				const heads = Object.values(openPacked(after.head, new Map()).head.files).flat();
				expect(
					heads.filter((name) => !onDisk.has(name) && !after.files.has(name)),
					what,
				).toEqual([]);
				next();
				const fresh = toModule(counted, [], SMALL);
				// What a build from nothing writes, byte for byte, with fewer files made.
				expect(Buffer.from(after.head).equals(Buffer.from(fresh.head)), what).toBe(true);
				for (const [name, bytes] of after.files) expect(fresh.files.get(name), name).toEqual(bytes);
				const names = openPacked(after.head, new Map()).head.files;
				const made = (kind: keyof typeof names) => names[kind].filter((name) => after.files.has(name)).length;
				// The index and the bodies: the files of the places the article left or took, and newer ones;
				// the slug index: the buckets of the slugs whose place moved, not every one.
				const buckets = openPacked(after.head, new Map()).head.slugBuckets;
				const movedSlugs = [
					...counted.articles.slice(0, counted.articles.length - (moves?.same ?? 0)),
					...last.next.columns.slugs
						.slice(0, last.next.columns.slugs.length - (moves?.same ?? 0))
						.map((slug) => ({ slug })),
				];
				const slugFiles = new Set(
					movedSlugs.map((a) => Math.floor(slugBucket(a.slug, buckets) / SMALL.bucketsPerFile)),
				);
				// Those are made again unless their sections are as they were (an article tagged otherwise).
				expect(made("slugs"), what).toBeLessThanOrEqual(slugFiles.size);
				// Of the newest alone (and the embargoed, newer still), as few files as their own.
				if ((moves?.same ?? 0) >= counted.articles.length - e - 1) {
					if (stands === e) expect(made("slugs"), what).toBe(slugFiles.size);
					expect(made("slugs"), what).toBeLessThan(names.slugs.length);
					expect(made("index"), what).toBe(1);
					expect(made("bodies"), what).toBe(1);
					expect(made("updates"), what).toBeLessThanOrEqual(1);
					expect(made("keys"), what).toBe(0);
				}
				for (const [name, bytes] of after.files) all.set(name, bytes);
				const reader = openPacked(after.head, all);
				expect(
					counted.articles.map((a) => reader.positionOf(a.slug)),
					what,
				).toEqual(counted.articles.map((_, p) => p));
				expect(
					counted.articles.map((_, p) => reader.articles.at(p)?.rev),
					what,
				).toEqual(counted.articles.map((a) => a.rev));
				last = after;
			}
		} finally {
			rmSync(file, { force: true });
			writeFileSync(registry, original);
			writeFileSync(older, olderText);
		}
	});

	it("makes the registry entries and the key index again after an alias no article names, though every article stands still", {
		timeout: 30_000,
	}, () => {
		const { reuse, next } = reusing();
		const now = Date.parse(generated.changed.content);
		const read = (before?: EarlierBuild) => compileContent(readContentFolder(dir), { now, before });
		const last = toModule(read(), [], SMALL, { reuse });
		next();
		const registry = join(dir, "people.yaml");
		const original = readFileSync(registry, "utf8");
		const aliased = generated.entities.person.find((p) => p.aliases.length === 0 && p.articles.length > 0) as Entity;
		const entry = `- slug: ${aliased.slug}\n  name: ${JSON.stringify(aliased.name)}\n`;
		expect(original).toContain(entry);
		writeFileSync(registry, original.replace(entry, `${entry}  aliases: ["Zzq Xvw"]\n`));
		try {
			const content = read(last.next);
			// In place: no article changed, so the last build's tables would be taken but for the alias.
			expect(changesSince(content.articles, last.next).changed).toEqual([]);
			const after = toModule(content, [], SMALL, { reuse, earlier: last.next });
			expect(Buffer.from(after.head).equals(Buffer.from(toModule(read(), [], SMALL).head))).toBe(true);
			const { head } = openPacked(after.head, new Map([...last.files, ...after.files]));
			expect(head.files.keys.some((name) => after.files.has(name))).toBe(true);
		} finally {
			writeFileSync(registry, original);
		}
	});

	it("gives up past its bound of new articles, and moves lists only as counting would", () => {
		const content = compileContent(readContentFolder(dir));
		const { next } = toModule(content, [], SMALL);
		const { columns } = changesSince(content.articles);
		// Every article gone but one in three: as many moves as articles.
		const kept = (list: readonly string[]) => list.filter((_, i) => i % 3 === 0);
		const fewer = {
			...columns,
			revs: kept(columns.revs),
			slugs: kept(columns.slugs),
			dates: kept(columns.dates),
			updated: kept(columns.updated),
			entities: columns.entities.filter((_, i) => i % 3 === 0),
		};
		const moves = movesSince(fewer, next, 1_000);
		expect(moves?.added).toEqual([]);
		expect(moves?.to.filter((p) => p >= 0)).toHaveLength(fewer.slugs.length);
		const lists = listsAfter(moves as Moves, fewer, next, next.lists.keys()) as Map<string, number[]>;
		for (const [key, list] of next.lists)
			expect(lists.get(key), key).toEqual(list.filter((p) => p % 3 === 0).map((p) => p / 3));
		// The other way, every other article new: past the bound given, nothing is moved.
		const { next: fewerNext } = { next: { ...next, columns: fewer } };
		expect(movesSince(columns, fewerNext, 100)).toBeUndefined();
		expect(movesSince(columns, fewerNext, columns.slugs.length)?.added).toHaveLength(
			columns.slugs.length - fewer.slugs.length,
		);
		// A registry that names an entity the earlier build had no list for: counted.
		expect(listsAfter(moves as Moves, fewer, next, ["person:nobody-listed-then"])).toBeUndefined();
	});
});

describe("a new article that makes one more file", () => {
	it("names every file as a build from nothing names it", () => {
		const now = Date.parse(generated.changed.content);
		const content = compileContent(readContentFolder(dir), { now });
		// One file of index and one of bodies, full: the new article makes a second of each, and the
		// old one, named again, is then the second.
		const n = content.articles.length;
		const whole: ContentLayout = { ...SMALL, blockSize: n, blocksPerFile: 1, chunkSize: n, chunksPerFile: 1 };
		const kept = new Map<string, string>();
		const reuse: FileReuse = { get: (id) => kept.get(id), keep: (id, name) => void kept.set(id, name) };
		toModule(content, [], whole, { reuse });
		// The newest of all (an embargoed scoop): every other article keeps its section.
		const date = new Date(Date.parse(content.articles[0]?.date as string) + 1000).toISOString();
		const file = join(dir, "articles", "zz-one-more-article.md");
		writeFileSync(file, `---\ntitle: "One more article"\ndate: ${date}\n---\nNews.\n`);
		try {
			const added = compileContent(readContentFolder(dir), { now });
			const again = toModule(added, [], whole, { reuse });
			const fresh = toModule(added, [], whole);
			const files = openPacked(again.head, new Map()).head.files;
			expect(files.index).toHaveLength(2);
			expect(files.bodies).toHaveLength(2);
			expect(added.articles[0]?.slug).toBe("zz-one-more-article");
			// Of each, the new file alone is made: the old one is named again.
			expect([...again.files.keys()].filter((name) => /^(index|bodies)\//.test(name))).toHaveLength(2);
			expect(again.files.size).toBeLessThan(fresh.files.size);
			expect(Buffer.from(again.head).equals(Buffer.from(fresh.head))).toBe(true);
		} finally {
			rmSync(file);
		}
	});
});

describe("a reader with files not loaded", () => {
	const partial = (loaded: (name: string) => boolean) =>
		openPacked(packed.head, new Map([...packed.files].filter(([name]) => loaded(name))));

	it("names every file a batch of reads needs, at once", () => {
		const reader = partial(() => false);
		const positions = [0, 200, 400, 1000];
		let needed: readonly string[] = [];
		try {
			reader.articles.need(positions);
		} catch (error) {
			expect(error).toBeInstanceOf(ContentNeeded);
			needed = (error as ContentNeeded).files;
		}
		expect([...needed].sort()).toEqual(
			[...new Set(positions.map((p) => reader.head.files.index[indexCut(N, SMALL).fileOf(p)] as string))].sort(),
		);
		expect(() => reader.articles.at(0)).toThrow(ContentNeeded);
	});

	/** The rounds of loading `f` takes from a reader with no file: each round's files, by kind, and how many. */
	const rounds = (f: (reader: ReturnType<typeof partial>) => unknown) => {
		const has = new Set<string>();
		const steps: { kinds: string[]; files: number }[] = [];
		for (;;) {
			const reader = partial((name) => has.has(name));
			let missing: readonly string[] = [];
			try {
				f(reader);
			} catch (error) {
				if (!(error instanceof ContentNeeded)) throw error;
				missing = error.files;
			}
			if (missing.length === 0) return steps;
			steps.push({ kinds: [...new Set(missing.map((n) => n.split("/")[0] as string))], files: missing.length });
			for (const name of missing) has.add(name);
		}
	};

	it("reads an entity from its files: the key index, then its entry with its newest articles, then its list", () => {
		const person = tableOf(compiled, "person").find((e) => e.articles.length > SMALL.recent) as Entity;
		const kinds = (steps: { kinds: string[] }[]) => steps.map((s) => s.kinds);
		expect(kinds(rounds((reader) => (reader.findEntity("person", person.slug) as LazyEntity).recent))).toEqual([
			["keys"],
			["registry"],
			["recent"],
		]);
		// Looked up for its feed, its page or its embed, which read its newest articles.
		const found = rounds((reader) => (reader.findEntity("person", person.slug, true) as LazyEntity).recent);
		expect(kinds(found)).toEqual([["keys"], ["registry", "recent"]]);
		expect(found[1]?.files).toBe(2);
		expect(kinds(rounds((reader) => reader.findEntity("person", person.slug)?.articles))).toEqual([
			["keys"],
			["registry"],
			["lists"],
		]);
	});

	it("gives an entity's first articles from its entry, as its list gives them, embargoes hidden or lifted", () => {
		const embargoes = open()
			.head.embargoes.map((d) => Date.parse(d))
			.sort((a, b) => a - b);
		expect(embargoes.length).toBeGreaterThan(1);
		// Every embargo in force, one lifted, every one lifted.
		const times = [(embargoes[0] as number) - 1, embargoes[0] as number, (embargoes.at(-1) as number) + 1];
		const editionOf = (reader: ReturnType<typeof partial>, now: number) =>
			createEditions(editionSourceOf(reader, suggestSlugs))(now);
		const whole = partial(() => true);
		let fromEntry = 0;
		let fromList = 0;
		for (const now of times) {
			const edition = editionOf(whole, now);
			for (const type of ENTITY_TYPE_NAMES)
				for (const e of edition.entitiesOf(type)) {
					const list = edition.listOf(e);
					const visibleRecent = (e as LazyEntity).recent.filter((p) => p >= edition.hidden).length;
					for (const n of [1, 2, SMALL.recent - 1, SMALL.recent, SMALL.recent + 1, 100]) {
						expect(edition.firstOf(e, n), `${e.slug} ${n}`).toEqual(list.slice(0, n));
						expect(edition.articlesOf(e, 1, n - 1).map((a) => a.slug)).toEqual(
							list.slice(1, n).map((p) => whole.articles.at(p)?.slug),
						);
						// Read without the list where the entry holds as many visible articles, or all of them.
						const steps = rounds((reader) => {
							const found = editionOf(reader, now).findEntity(type, e.slug) as Entity;
							return editionOf(reader, now).firstOf(found, n);
						});
						const readsList = steps.some((s) => s.kinds.includes("lists"));
						expect(readsList, `${e.slug} ${n}`).toBe(n > visibleRecent && list.length > visibleRecent);
						if (readsList) fromList++;
						else fromEntry++;
					}
				}
		}
		expect(fromEntry).toBeGreaterThan(0);
		expect(fromList).toBeGreaterThan(0);
	});

	it("reads several entities whose entries are in several files in two rounds: their keys, then every entry", () => {
		const table = tableOf(compiled, "person");
		const perFile = SMALL.entitiesPerSection * SMALL.entitySectionsPerFile;
		const ks = [0, perFile, table.length - 1];
		expect(new Set(ks.map((k) => Math.floor(k / perFile))).size).toBe(3);
		const people = ks.map((k) => table[k] as Entity);
		const refs = people.map((e) => ({ type: "person" as const, slug: e.slug }));
		const steps = rounds((reader) => {
			reader.needFound(refs);
			return refs.map((r) => reader.findEntity(r.type, r.slug)?.name);
		});
		expect(steps.map((s) => s.kinds)).toEqual([["keys"], ["registry"]]);
		expect(steps[1]?.files).toBe(3);
	});

	it("calls a corrupt section what it is, naming its file", () => {
		// The oldest file: its first chunk is full (the newest file's may be empty, see cutFromOldest).
		const name = open().head.files.bodies.at(-1) as string;
		const bytes = Uint8Array.from(packed.files.get(name) as Uint8Array);
		// A byte inside the first section's compressed data, past the table.
		const view = new DataView(bytes.buffer);
		const tableBytes = 4 * (view.getUint32(0, true) + 2);
		bytes[tableBytes + 10] = (bytes[tableBytes + 10] as number) ^ 0x55;
		expect(checkFile(bytes)).toBeUndefined();
		expect(() => readSection(name, bytes, 0)).toThrow(ContentUnavailable);
		expect(() => readSection(name, bytes, 0)).toThrow(/corrupt/);
		expect(checkFile(bytes.subarray(0, bytes.byteLength - 1))).toMatch(/table says/);
		expect(LAYOUT.blockSize).toBeGreaterThan(SMALL.blockSize);
	});
});
