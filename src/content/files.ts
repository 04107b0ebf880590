/**
 * The deployed content's files. The Worker module holds the head alone (site, registries, and where
 * the rest lies); the article index, the entities' article lists, the slug index and the bodies
 * are files published with the Worker as Workers Static Assets, under CONTENT_PATH, each a few
 * hundred KiB, read through the ASSETS binding when a response first needs them (see
 * src/http/content.ts). So the module does not grow with the archive.
 *
 * A file is a table then its sections: a little-endian u32 count, count + 1 u32 offsets (from the
 * end of the table), then each section as zlib-compressed JSON, whose Adler-32 checksum the
 * inflate verifies: a corrupt section is an error, never a wrong feed.
 *
 * The core reads files synchronously from a store. A read of a file this isolate has not loaded
 * throws ContentNeeded naming it (and any others the caller knows it will need); the HTTP shell
 * loads them and answers the request again (src/http/content.ts). Nothing here does I/O.
 */
import { inflateSync } from "node:zlib";
import type { ByteLru } from "../byte-lru.ts";

/** Where the content's files are published among the static assets. The Worker answers 404 there. */
export const CONTENT_PATH = "/_content/";

/** Files a read needed that this isolate has not loaded: the shell loads them all, then runs the request again. */
export class ContentNeeded extends Error {
	readonly files: readonly string[];
	constructor(files: readonly string[]) {
		super(`content files not loaded yet: ${files.join(", ")}`);
		this.files = files;
	}
}

/** A file of the deployed content is missing or corrupt: the request that needs it is answered 503. */
export class ContentUnavailable extends Error {
	readonly file: string;
	readonly reason: string;
	constructor(file: string, reason: string) {
		super(`the deployed content file ${CONTENT_PATH}${file} ${reason}`);
		this.file = file;
		this.reason = reason;
	}
}

/** A file of sections (each already compressed), as the build writes it. */
export function writeFile(sections: Uint8Array[]): Uint8Array {
	const table = new DataView(new ArrayBuffer(4 * (sections.length + 2)));
	table.setUint32(0, sections.length, true);
	let at = 0;
	sections.forEach((s, i) => {
		table.setUint32(4 * (i + 1), at, true);
		at += s.byteLength;
	});
	table.setUint32(4 * (sections.length + 1), at, true);
	const out = new Uint8Array(table.byteLength + at);
	out.set(new Uint8Array(table.buffer), 0);
	let from = table.byteLength;
	for (const s of sections) {
		out.set(s, from);
		from += s.byteLength;
	}
	return out;
}

/**
 * Whether bytes are a whole file of this format: its table fits and its last offset ends the file.
 * What the shell checks a file against before keeping it; a truncated file fails here.
 */
export function checkFile(bytes: Uint8Array): string | undefined {
	if (bytes.byteLength < 8) return `is ${bytes.byteLength} bytes long, too short for its table`;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const count = view.getUint32(0, true);
	const tableBytes = 4 * (count + 2);
	if (tableBytes > bytes.byteLength) return `names ${count} sections, more than its ${bytes.byteLength} bytes can hold`;
	const end = view.getUint32(4 * (count + 1), true);
	if (tableBytes + end !== bytes.byteLength)
		return `is ${bytes.byteLength} bytes long, but its table says ${tableBytes + end}`;
	return undefined;
}

/** Section `i` of a file, inflated and parsed; a section that does not inflate or parse is ContentUnavailable. */
export function readSection<T>(name: string, bytes: Uint8Array, i: number): { value: T; bytes: number } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const count = view.getUint32(0, true);
	if (!(i >= 0 && i < count)) throw new ContentUnavailable(name, `has ${count} sections, not section ${i}`);
	const base = 4 * (count + 2);
	const from = base + view.getUint32(4 * (i + 1), true);
	const to = base + view.getUint32(4 * (i + 2), true);
	try {
		// Inflated bytes to text with Buffer's own UTF-8 decoding: 4 million fewer instructions in
		// workerd than TextDecoder on the head of 10,000 articles (callgrind).
		const raw = inflateSync(bytes.subarray(from, to));
		return { value: JSON.parse(raw.toString("utf8")) as T, bytes: raw.byteLength };
	} catch (error) {
		throw new ContentUnavailable(name, `section ${i} is corrupt (${(error as Error).message})`);
	}
}

/** The content's files this isolate has loaded, least recently used dropped past a bound. */
export type FileStore = {
	/** A file's bytes; ContentNeeded if it is not loaded. */
	get(name: string): Uint8Array;
	/** Nothing if every one is loaded; else ContentNeeded naming each that is not. */
	need(names: Iterable<string>): void;
	has(name: string): boolean;
	put(name: string, bytes: Uint8Array): void;
	clear(): void;
	readonly bytes: number;
};

/** A store keeping its files in `files` (its bound is theirs). */
export function createFileStore(files: ByteLru<{ bytes: Uint8Array; size: number }>): FileStore {
	return {
		get(name) {
			const hit = files.get(name);
			if (!hit) throw new ContentNeeded([name]);
			return hit.bytes;
		},
		need(names) {
			const missing = [...new Set(names)].filter((n) => !files.get(n));
			if (missing.length) throw new ContentNeeded(missing);
		},
		has: (name) => files.get(name) !== undefined,
		put(name, bytes) {
			files.set(name, { bytes, size: bytes.byteLength });
		},
		clear: () => files.clear(),
		get bytes() {
			return files.bytes;
		},
	};
}
