/**
 * A least-recently-used map bounded by total bytes and by entry count: rendered feeds and items, so a warm
 * request reads the bytes and validators from here and renders and hashes nothing. Many distinct
 * query strings cannot grow it past its bounds; the oldest entries go first.
 */
export type Sized = { size: number };

export class ByteLru<V extends Sized> {
	#entries = new Map<string, V>();
	#bytes = 0;

	readonly maxBytes: number;
	readonly maxEntries: number;

	constructor(maxBytes: number, maxEntries: number) {
		this.maxBytes = maxBytes;
		this.maxEntries = maxEntries;
	}

	get bytes(): number {
		return this.#bytes;
	}

	get size(): number {
		return this.#entries.size;
	}

	/** The most recently used key: a hit on it needs no reordering (a feed polled over and over). */
	#newest: string | undefined;

	get(key: string): V | undefined {
		const value = this.#entries.get(key);
		if (value === undefined || key === this.#newest) return value;
		this.#entries.delete(key);
		this.#entries.set(key, value);
		this.#newest = key;
		return value;
	}

	set(key: string, value: V): void {
		this.delete(key);
		if (value.size > this.maxBytes) return;
		this.#entries.set(key, value);
		this.#newest = key;
		this.#bytes += value.size;
		for (const [oldest, old] of this.#entries) {
			if (this.#bytes <= this.maxBytes && this.#entries.size <= this.maxEntries) break;
			this.#entries.delete(oldest);
			this.#bytes -= old.size;
		}
	}

	clear(): void {
		this.#entries.clear();
		this.#bytes = 0;
	}

	delete(key: string): void {
		const value = this.#entries.get(key);
		if (value === undefined) return;
		this.#entries.delete(key);
		this.#bytes -= value.size;
	}
}
