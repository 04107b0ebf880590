/**
 * What a build keeps on disk rather than in memory: each article's body (its HTML, summary, image…),
 * between the compile that renders it and the packing that compresses it (see compileContent's
 * `spill`). At a million articles the bodies are gigabytes, which held in memory took the build
 * to 12 GiB; on disk they cost a write and a read each, and an article in memory a few hundred bytes.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BODY, type BodyFields } from "../../src/content/pack.ts";
import type { CompiledArticle, EntityRef } from "../../src/content/types.ts";

export type Spill = {
	/** Writes a text out; returns what `get` reads it back by. */
	put(text: string): number;
	get(id: number): string;
	/** Bytes written so far. */
	readonly bytes: number;
	/** Deletes the file. */
	close(): void;
};

/** A spill file in a folder of its own under the system's temporary folder, deleted as soon as it is open. */
export function createSpill(): Spill {
	const dir = mkdtempSync(join(tmpdir(), "reelfeed-build-"));
	const path = join(dir, "spill.bin");
	const fd = openSync(path, "w+");
	// Unlinked at once where the system allows it (not Windows, which keeps an open file): the file
	// then lives as long as the descriptor, so a build that dies leaves nothing.
	let left = false;
	try {
		rmSync(dir, { recursive: true, force: true });
	} catch {
		left = true;
	}
	const at: number[] = [];
	const length: number[] = [];
	let end = 0;
	return {
		put(text) {
			const bytes = Buffer.from(text, "utf8");
			let written = 0;
			try {
				while (written < bytes.byteLength)
					written += writeSync(fd, bytes, written, bytes.byteLength - written, end + written);
			} catch (error) {
				throw new Error(
					`the build could not write its spill of article bodies in ${tmpdir()} (${(error as Error).message}): it needs about as much free space as the articles' HTML (5 GiB at a million articles); set TMPDIR to a folder with room`,
					{ cause: error },
				);
			}
			at.push(end);
			length.push(bytes.byteLength);
			end += bytes.byteLength;
			return at.length - 1;
		},
		get(id) {
			const from = at[id];
			const size = length[id];
			if (from === undefined || size === undefined) throw new Error(`spill: no text ${id}`);
			const bytes = Buffer.allocUnsafe(size);
			let read = 0;
			while (read < size) {
				const n = readSync(fd, bytes, read, size - read, from + read);
				if (n === 0) throw new Error(`spill: text ${id} ends early`);
				read += n;
			}
			return bytes.toString("utf8");
		},
		get bytes() {
			return end;
		},
		close() {
			closeSync(fd);
			if (left) rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The fields of an article kept in memory when the rest is elsewhere: what the index, the lists and the checks read. */
export type Kept = "slug" | "title" | "date" | "updated" | "rev" | "entities";

/** Where an article's body is kept, by number: a build's spill, or the content itself (cache.ts compiles it again). */
export type BodySource = { get(id: number): string };

/** Key orders seen, one array each, shared by every article of that order. */
const orders = new Map<string, readonly string[]>();

/** `keys` as the one array shared by every article whose keys are in that order. */
export function sharedOrder(keys: readonly string[]): readonly string[] {
	const order = keys.join();
	let shared = orders.get(order);
	if (!shared) {
		shared = [...keys];
		orders.set(order, shared);
	}
	return shared;
}

/** `refs` as objects shared by every article that names the same entity. */
export function sharedRefs(entities: readonly EntityRef[], refs: Map<string, EntityRef>): EntityRef[] {
	return entities.map((r) => {
		const key = `${r.type}:${r.slug}`;
		const known = refs.get(key);
		if (known) return known;
		const ref = { type: r.type, slug: r.slug };
		refs.set(key, ref);
		return ref;
	});
}

/**
 * A compiled article whose body (its text and every field but the kept ones) is kept elsewhere,
 * as the JSON packing writes, and read back on each access: what a build keeps of it is its index
 * fields, its tags (one object per entity, shared) and a number. JSON and `bodyJsonOf` give back
 * the article as it was, in its keys' order.
 */
export class KeptArticle implements CompiledArticle {
	readonly slug: string;
	readonly title: string;
	readonly date: string;
	readonly updated: string;
	readonly rev: string;
	readonly entities: EntityRef[];
	#source: BodySource;
	#body: number;
	readonly #keys: readonly string[];

	/** `keys`: the article's keys in their order (see sharedOrder); `entities` shared (see sharedRefs). */
	constructor(kept: Pick<CompiledArticle, Kept>, keys: readonly string[], source: BodySource, body: number) {
		this.slug = kept.slug;
		this.title = kept.title;
		this.date = kept.date;
		this.updated = kept.updated === kept.date ? kept.date : kept.updated;
		this.rev = kept.rev;
		this.entities = kept.entities;
		this.#source = source;
		this.#body = body;
		this.#keys = keys;
	}

	/** The article's keys, in their order. */
	get keys(): readonly string[] {
		return this.#keys;
	}

	/** Reads its body from `source`, by `body`, from now on (a later build's, which gives it the same body). */
	readFrom(source: BodySource, body: number): void {
		this.#source = source;
		this.#body = body;
	}

	/** Reads its body where `other` reads its own from now on (the same body, found quicker there). */
	takeBody(other: KeptArticle): void {
		this.#source = other.#source;
		this.#body = other.#body;
	}

	/** The number its body is read by from `source`, if it is read from there. */
	bodyIn(source: BodySource): number | undefined {
		return this.#source === source ? this.#body : undefined;
	}

	/** Its body's JSON, read from where it is kept. */
	[BODY](): string {
		return this.#source.get(this.#body);
	}

	#fields(): BodyFields {
		return JSON.parse(this[BODY]()) as BodyFields;
	}

	get id() {
		return this.#fields().id;
	}
	get summary() {
		return this.#fields().summary;
	}
	get source() {
		return this.#fields().source;
	}
	get author() {
		return this.#fields().author;
	}
	get image() {
		return this.#fields().image;
	}
	get corrections() {
		return this.#fields().corrections;
	}
	get html() {
		return this.#fields().html;
	}
	get hasRelativeUrls() {
		return this.#fields().hasRelativeUrls;
	}

	toJSON(): CompiledArticle {
		const body = this.#fields() as Record<string, unknown>;
		const kept: Record<Kept, unknown> = {
			slug: this.slug,
			title: this.title,
			date: this.date,
			updated: this.updated,
			rev: this.rev,
			entities: this.entities,
		};
		return Object.fromEntries(this.#keys.map((k) => [k, k in kept ? kept[k as Kept] : body[k]])) as CompiledArticle;
	}
}

/** A compiled article with its body written to the spill: a KeptArticle reading it from there. */
export class SpilledArticle extends KeptArticle {
	constructor(article: CompiledArticle, spill: Spill, refs: Map<string, EntityRef>) {
		const { slug, title, date, updated, rev, entities, ...body } = article;
		super(
			{ slug, title, date, updated, rev, entities: sharedRefs(entities, refs) },
			sharedOrder(Object.keys(article)),
			spill,
			spill.put(JSON.stringify(body)),
		);
	}
}
