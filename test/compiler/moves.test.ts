import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ArticleColumns, type EarlierBuild, movesSince } from "../../src/content/earlier.ts";
import type { EntityRef } from "../../src/content/types.ts";

type Row = { slug: string; date: string; rev: string; entities: EntityRef[] };

const sameRefs = (a: readonly EntityRef[], b: readonly EntityRef[]) =>
	a.length === b.length && a.every((r, i) => r.type === b[i]?.type && r.slug === b[i]?.slug);

/**
 * The moves as a walk of both whole orders finds them, with no shortcut: each earlier article
 * paired with the article of the same slug and date naming the same entities, the others added.
 */
function walkAll(now: ArticleColumns, was: ArticleColumns) {
	const to = new Int32Array(was.slugs.length).fill(-1);
	const added: number[] = [];
	let i = 0;
	let j = 0;
	const n = now.slugs.length;
	const m = was.slugs.length;
	while (i < n || j < m) {
		const slug = now.slugs[i] as string;
		const date = now.dates[i] as string;
		if (i < n && j < m && slug === was.slugs[j] && date === was.dates[j]) {
			if (sameRefs(now.entities[i] as EntityRef[], was.entities[j] as EntityRef[])) to[j] = i;
			else added.push(i);
			i++;
			j++;
		} else if (
			j >= m ||
			(i < n && (date > (was.dates[j] as string) || (date === was.dates[j] && slug < (was.slugs[j] as string))))
		)
			added.push(i++);
		else j++;
	}
	let same = 0;
	while (same < Math.min(n, m) && now.revs[n - 1 - same] === was.revs[m - 1 - same]) same++;
	return { to: [...to], added, same };
}

/** Rows in a build's order: newest first, then by slug. */
function columnsOf(rows: Row[]): ArticleColumns {
	const sorted = [...rows].sort((a, b) => (a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date > b.date ? -1 : 1));
	return {
		revs: sorted.map((r) => r.rev),
		slugs: sorted.map((r) => r.slug),
		dates: sorted.map((r) => r.date),
		updated: sorted.map(() => ""),
		entities: sorted.map((r) => r.entities),
	};
}

// What an article's revision covers: its slug, date and entities (and its text, `edit`).
const revOf = (row: Omit<Row, "rev">, edit: number) =>
	`${row.slug}|${row.date}|${row.entities.map((e) => e.slug).join(",")}|${edit}`;
const ref = (slug: string): EntityRef => ({ type: "person", slug });

const row = (slug: string, day: number, people: string[], edit = 0): Row => {
	const base = { slug, date: `2020-01-${String(1 + (day % 28)).padStart(2, "0")}`, entities: people.map(ref) };
	return { ...base, rev: revOf(base, edit) };
};

const op = fc.oneof(
	fc.record({ kind: fc.constant("add"), slug: fc.constantFrom("n1", "n2", "n3", "a0", "zz"), day: fc.nat(40) }),
	fc.record({ kind: fc.constant("remove"), at: fc.nat() }),
	fc.record({ kind: fc.constant("redate"), at: fc.nat(), day: fc.nat(40) }),
	fc.record({ kind: fc.constant("retag"), at: fc.nat() }),
	fc.record({ kind: fc.constant("edit"), at: fc.nat() }),
);

describe("how articles moved since the last build", () => {
	it("pairs them as a walk of both whole orders does, the places that stayed the same paired at once", () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(
					fc.tuple(fc.stringMatching(/^[a-m]{1,3}$/), fc.nat(40), fc.constantFrom([], ["x"], ["x", "y"])),
					{
						selector: ([slug]) => slug,
						maxLength: 40,
					},
				),
				fc.array(op, { maxLength: 4 }),
				(seed, ops) => {
					const before = seed.map(([slug, day, people]) => row(slug, day, [...people]));
					const after = [...before];
					for (const o of ops) {
						const at = "at" in o && after.length > 0 ? o.at % after.length : -1;
						const old = after[at];
						if (o.kind === "add" && !after.some((r) => r.slug === o.slug)) after.push(row(o.slug, o.day, ["x"]));
						if (!old) continue;
						const people = old.entities.map((e) => e.slug);
						if (o.kind === "remove") after.splice(at, 1);
						if (o.kind === "redate") after[at] = row(old.slug, o.day, people);
						if (o.kind === "retag") after[at] = row(old.slug, Number(old.date.slice(8)) - 1, [...people, "z"]);
						if (o.kind === "edit") after[at] = { ...old, rev: `${old.rev}'` };
					}
					const now = columnsOf(after);
					const was = columnsOf(before);
					const earlier = { columns: was } as EarlierBuild;
					const moves = movesSince(now, earlier, Number.POSITIVE_INFINITY);
					expect(moves && { to: [...moves.to], added: moves.added, same: moves.same }).toEqual(walkAll(now, was));
				},
			),
			{ numRuns: 3000 },
		);
	});

	it("walks only the newer places when an article is added as the newest", () => {
		const before = Array.from({ length: 2000 }, (_, i) => row(`a${i}`, i % 28, ["x"]));
		const now = columnsOf([...before, row("zz-new", 27, ["x"])]);
		const moves = movesSince(now, { columns: columnsOf(before) } as EarlierBuild);
		expect(moves?.added).toEqual([now.slugs.indexOf("zz-new")]);
		expect(moves?.same).toBe(2000 - now.slugs.indexOf("zz-new"));
		expect([...(moves?.to ?? [])]).toEqual(walkAll(now, columnsOf(before)).to);
	});
});
