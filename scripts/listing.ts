/**
 * The files of a content folder, as a build lists them: path, size and time of change. A build run
 * once lists and stat-s every file (listFolder: at a million articles, seconds, much of it in the
 * kernel); a build that stays up under `npm start` (see build-server.ts) keeps its listing and
 * watches the folder instead (watchListing), so that after a save it stat-s the files that changed.
 */
import { type Dirent, existsSync, type FSWatcher, lstatSync, readdirSync, type Stats, statSync, watch } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Listed } from "./compiler/cache.ts";

export type { Listed };

/**
 * Every file under `dir`, by path from it with "/" between folders, in code-point
 * order, with its size and time of change: read once per build, for its stamp and its cache (at a
 * million articles, listing takes a second and stat-ing 1.6 s, which a second thread halves).
 * `onFolder` is told of each folder (by path from `dir`, "" for itself) as it is reached.
 */
export async function listFolder(
	dir: string,
	threadFrom = STAT_IN_THREADS_FROM,
	onFolder?: (rel: string) => void,
): Promise<Listed[]> {
	const paths: string[] = [];
	const walk = (rel: string) => {
		// Told before it is read (a watcher started then misses nothing made after).
		onFolder?.(rel);
		for (const entry of readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true })) {
			const path = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile()) paths.push(path);
		}
	};
	walk("");
	// In code-unit order, as `<` compares strings: the default sort's, a tenth of the time of a
	// comparator's at a million files.
	paths.sort();
	// The second half stat-ed in another thread, when there are enough files to be worth starting one.
	const half = paths.length >= threadFrom && availableParallelism() > 1 ? paths.length >> 1 : paths.length;
	const other = half < paths.length ? statInThread(dir, paths.slice(half)) : undefined;
	// Awaited below; should this thread's half fail first, the other's failure is not left unhandled.
	other?.catch(() => undefined);
	const files: Listed[] = new Array(paths.length);
	for (let i = 0; i < half; i++) {
		const path = paths[i] as string;
		const { size, mtimeMs } = statSync(`${dir}/${path}`);
		files[i] = { path, size, mtimeMs };
	}
	if (other) {
		const { sizes, mtimes } = await other;
		for (let i = half; i < paths.length; i++)
			files[i] = { path: paths[i] as string, size: sizes[i - half] as number, mtimeMs: mtimes[i - half] as number };
	}
	return files;
}

/** Files from which listFolder stats half of them in a thread of its own. */
const STAT_IN_THREADS_FROM = 50_000;

/** Each file's size and time of change (`paths` under `dir`), read in a thread of its own. */
function statInThread(dir: string, paths: string[]): Promise<{ sizes: Float64Array; mtimes: Float64Array }> {
	const code = `
		const { parentPort, workerData: { dir, paths } } = require("node:worker_threads");
		const { statSync } = require("node:fs");
		const sizes = new Float64Array(paths.length);
		const mtimes = new Float64Array(paths.length);
		for (let i = 0; i < paths.length; i++) {
			const { size, mtimeMs } = statSync(dir + "/" + paths[i]);
			sizes[i] = size;
			mtimes[i] = mtimeMs;
		}
		parentPort.postMessage({ sizes, mtimes }, [sizes.buffer, mtimes.buffer]);`;
	return new Promise((done, fail) => {
		const worker = new Worker(code, { eval: true, workerData: { dir, paths } });
		worker.once("message", (result) => {
			done(result);
			void worker.terminate();
		});
		worker.once("error", fail);
		worker.once("exit", (code) => fail(new Error(`listing ${dir}: the thread stat-ing files stopped (${code})`)));
	});
}

/**
 * Events seen between two builds past which a watched listing lists the folder again rather than
 * stat-ing what they name. The kernel queues at most /proc/sys/fs/inotify/max_queued_events (16,384
 * by default) while the build blocks the loop, and drops the rest without a word that reaches Node;
 * a batch that large is a bulk change (a checkout, a copy), which lists faster than it stats anyway.
 */
export const RELIST_FROM_EVENTS = 1_024;

/**
 * A watch on each folder of `dir` asked for (`watch`, by path from `dir`, "" for itself), as the
 * kernel watches one (inotify): Node's recursive watch on Linux watches every file, a million of
 * them in a large archive, past the kernel's limit (fs.inotify.max_user_watches). `onEvent` is told
 * of each change in a watched folder (the name in it, or null when the kernel gave none); `onLost`
 * of a watch that failed, which is then dropped. A folder removed or moved away is not watched
 * any more, silently: its parent's watch names it.
 * Used by the build server's listing (watchListing) and by `npm start`'s build after each save
 * (scripts/dev.ts, buildOnSave).
 */
export function folderWatches(
	dir: string,
	onEvent: (rel: string, name: string | null) => void,
	onLost: (rel: string) => void,
): {
	/** Watches `rel` (once, until its watch is dropped or lost); false if it cannot (not there, or the system's limit). */
	watch(rel: string): boolean;
	/**
	 * Every folder under `rel`, itself included, watched and given to `onFolder` once it is, and the
	 * files found to `onFile`; a folder watched already is not walked again (a folder made again
	 * under a name watched: drop it first).
	 */
	walk(rel: string, onFile?: (path: string) => void, onFolder?: (rel: string) => void): void;
	/** The watches of `rel` and of every folder under it closed. */
	drop(rel: string): void;
	close(): void;
} {
	const watchers = new Map<string, FSWatcher>();
	const full = (rel: string) => (rel ? `${dir}/${rel}` : dir);
	const close = (rel: string, watcher: FSWatcher) => {
		watcher.close();
		if (watchers.get(rel) === watcher) watchers.delete(rel);
	};
	/** `rel` watched: "new" if it was not, "kept" if it was, or false if it cannot be. */
	const watchOne = (rel: string): "new" | "kept" | false => {
		if (watchers.has(rel)) return "kept";
		try {
			const watcher = watch(full(rel), { persistent: false }, (_event, name) => {
				// The folder itself removed or moved away: its watch tells of it under its own name, and
				// raises no error (the kernel drops the watch). A folder made again under that name,
				// often with the same inode, is another, which the walk that finds it watches.
				if (!existsSync(full(rel))) return close(rel, watcher);
				onEvent(rel, name === null ? null : String(name));
			});
			watcher.on("error", () => {
				close(rel, watcher);
				onLost(rel);
			});
			watchers.set(rel, watcher);
			return "new";
		} catch {
			return false;
		}
	};
	const walk = (rel: string, onFile?: (path: string) => void, onFolder?: (rel: string) => void) => {
		// Watched already, with every folder under it: nothing to walk.
		if (watchOne(rel) === "kept") return;
		onFolder?.(rel);
		let entries: Dirent[];
		try {
			entries = readdirSync(full(rel), { withFileTypes: true });
		} catch {
			// Removed meanwhile: its parent's watch says so.
			return;
		}
		for (const entry of entries) {
			const path = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(path, onFile, onFolder);
			else if (entry.isFile()) onFile?.(path);
		}
	};
	const drop = (rel: string) => {
		for (const [path, watcher] of watchers)
			if (rel === "" || path === rel || path.startsWith(`${rel}/`)) {
				watcher.close();
				watchers.delete(path);
			}
	};
	return {
		watch: (rel) => watchOne(rel) !== false,
		walk,
		drop,
		close() {
			for (const watcher of watchers.values()) watcher.close();
			watchers.clear();
		},
	};
}

/** A content folder's listing kept up to date by watching it (see watchListing). */
export type WatchedListing = {
	/** The folder's files as listFolder would list them now. */
	listed(): Promise<Listed[]>;
	/** What the last call to listed() did: "every file listed", or how many paths it stat-ed. */
	readonly last: string;
	/**
	 * Changes with every call to listed() that listed or stat-ed anything: the same value, the same
	 * listing (a build's hash of it is then the last one's: see listingOf in build-content.ts).
	 */
	readonly version: number;
	close(): void;
};

/**
 * Watches `dir` (each of its folders, as the kernel watches one: Node's recursive watch on Linux
 * watches every file, a million of them here) from now on, and keeps its listing: the first call
 * to listed() lists it, each later one stat-s only the paths the watchers named since, adding,
 * updating and removing entries in order. Anything it cannot follow (a watcher's error, an event
 * without a name, too many events at once: RELIST_FROM_EVENTS) makes the next call list it again.
 */
export function watchListing(dir: string): WatchedListing {
	// Each folder watched, with its inode when the watch began: a folder removed, moved or made
	// again under the same name is watched no more (the kernel's watch went with it), which a
	// changed inode tells.
	const inodes = new Map<string, number>();
	let dirty = new Set<string>();
	let events = 0;
	let relist = true;
	let files: Listed[] = [];
	let last = "";
	let version = 0;

	const watches = folderWatches(
		dir,
		(rel, name) => {
			events++;
			if (name === null) relist = true;
			else dirty.add(rel ? `${rel}/${name}` : name);
		},
		(rel) => {
			// The folder was removed (its parent's watcher names it), or the watch failed: list again.
			inodes.delete(rel);
			relist = true;
		},
	);
	/** `rel` watched (the walk did, or does), with its inode now; a watch that fails lists again. */
	const watchFolder = (rel: string) => {
		if (inodes.has(rel)) return;
		const stats = watches.watch(rel) ? statSync(rel ? `${dir}/${rel}` : dir, { throwIfNoEntry: false }) : undefined;
		if (stats) inodes.set(rel, stats.ino);
		else relist = true;
	};
	/** Every folder under `rel` (itself included) watched, and the files in it, by path. */
	const walk = (rel: string, found: string[]) =>
		watches.walk(
			rel,
			(path) => found.push(path),
			(folder) => watchFolder(folder),
		);
	/** Where `path` is in the listing, or where it would go. */
	const place = (path: string): number => {
		let [low, high] = [0, files.length];
		while (low < high) {
			const mid = (low + high) >>> 1;
			if ((files[mid] as Listed).path < path) low = mid + 1;
			else high = mid;
		}
		return low;
	};
	const remove = (path: string) => {
		// A folder gone: its watchers, and those under it, with it.
		watches.drop(path);
		for (const rel of [...inodes.keys()]) if (rel === path || rel.startsWith(`${path}/`)) inodes.delete(rel);
		const at = place(path);
		if (files[at]?.path === path) files.splice(at, 1);
		// A folder removed: everything under it.
		const prefix = `${path}/`;
		const from = place(prefix);
		let to = from;
		while (to < files.length && (files[to] as Listed).path.startsWith(prefix)) to++;
		if (to > from) files.splice(from, to - from);
	};
	const upsert = (path: string, size: number, mtimeMs: number) => {
		const at = place(path);
		if (files[at]?.path === path) files[at] = { path, size, mtimeMs };
		else files.splice(at, 0, { path, size, mtimeMs });
	};

	return {
		get last() {
			return last;
		},
		get version() {
			return version;
		},
		async listed() {
			for (const [rel, inode] of inodes) {
				let now: number | undefined;
				try {
					now = statSync(rel ? `${dir}/${rel}` : dir).ino;
				} catch {
					now = undefined;
				}
				// Its parent's watcher names a subfolder removed or moved; the folder itself, nobody does.
				if (now !== inode && (rel === "" || now !== undefined)) relist = true;
			}
			if (relist || events >= RELIST_FROM_EVENTS) {
				// Watching first, then listing: a change made while it lists is named again after.
				watches.close();
				inodes.clear();
				dirty = new Set();
				events = 0;
				relist = false;
				files = await listFolder(dir, undefined, watchFolder);
				last = "every file listed";
				version++;
				return files;
			}
			const names = [...dirty];
			dirty = new Set();
			events = 0;
			if (names.length) version++;
			for (const path of names) {
				// Not following a link, as listFolder reads a folder's entries: a link is neither file nor folder.
				let stats: Stats | undefined;
				try {
					stats = lstatSync(`${dir}/${path}`);
				} catch {
					stats = undefined;
				}
				if (stats?.isFile()) upsert(path, stats.size, stats.mtimeMs);
				else {
					remove(path);
					if (stats?.isDirectory()) {
						// A folder created or moved in: its files, and a watcher of its own.
						const found: string[] = [];
						walk(path, found);
						for (const file of found) {
							const s = lstatSync(`${dir}/${file}`, { throwIfNoEntry: false });
							if (s?.isFile()) upsert(file, s.size, s.mtimeMs);
						}
					}
				}
			}
			last = `${names.length} path${names.length === 1 ? "" : "s"} stat-ed`;
			return files;
		},
		close() {
			watches.close();
			inodes.clear();
		},
	};
}
