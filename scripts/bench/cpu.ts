/**
 * CPU per request from workerd's own accounting (`cpuNs`, all its threads) over one-connection
 * wrk runs, in a process serving one corpus alone, as production runs one Worker per isolate.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTENT_PATH, readSection } from "../../src/content/files.ts";
import { openBuilt } from "../../src/content/pack.ts";
import { ROOT } from "./paths.ts";
import { fmt } from "./report.ts";
import { cpuNs, type Server } from "./workerd.ts";
import { type WrkOptions, wrk } from "./wrk.ts";

/** workerd's CPU per request, in ms, over a one-connection wrk run of `seconds`. */
export function cpuPer(
	wrkBin: string,
	server: Server,
	url: string,
	o: Omit<WrkOptions, "connections" | "threads">,
): number {
	const before = cpuNs(server.pid);
	const w = wrk(wrkBin, url, { ...o, connections: 1 });
	return (cpuNs(server.pid) - before) / 1e6 / w.requests;
}

export type CpuPerRender = { items20: number; items100: number; floor: number };

/** Uncached renders of 20 and 100 items, and the floor route (what HTTP and the runtime cost). */
export function cpuPerRender(wrkBin: string, server: Server, since: string | undefined, seconds: number): CpuPerRender {
	const uncached = (suffix: string) =>
		cpuPer(wrkBin, server, server.url, {
			seconds,
			lua: join(ROOT, "bench/uncached.lua"),
			env: {
				REELFEED_BENCH_PATH: "/feed.xml",
				REELFEED_BENCH_SUFFIX: suffix,
				...(since ? { REELFEED_BENCH_SINCE_FILE: since } : {}),
			},
		});
	return {
		items20: uncached(""),
		items100: uncached("&limit=100"),
		floor: cpuPer(wrkBin, server, `${server.base}/floor`, { seconds }),
	};
}

/**
 * The `since` values that make every request of the uncached rounds a new canonical URL with the
 * same items: a feed is cut at the latest update at or before `since` (src/feeds/select.ts), so
 * each distinct update older than the 101 newest articles is its own URL, and its first 20 or 100
 * items are the newest ones. Written one per line for bench/uncached.lua; undefined when the
 * corpus is too small to have any (the 3 real articles), where the script varies the origin.
 * Reads the corpus `build` last compiled into src/content/.
 */
export function sinceFile(n: number, dir: string): string | undefined {
	// The article index and the updates alone: at a million articles, the bodies are 1.7 GB.
	const { articles, head } = openBuilt(join(ROOT, "src/content"), join(ROOT, ".reelfeed/public"), ["index", "updates"]);
	const updates = () =>
		head.files.updates.flatMap((name) => {
			const bytes = readFileSync(join(ROOT, ".reelfeed/public", CONTENT_PATH, name));
			const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
			return Array.from({ length: count }, (_, i) => readSection<string[]>(name, bytes, i).value).flat();
		});
	const newest: string[] = [];
	for (let i = 0; i < Math.min(101, articles.length); i++) {
		const article = articles.at(i);
		if (article) newest.push(article.updated);
	}
	const oldestOfNewest = newest.sort()[0] ?? "";
	const usable = updates().filter((u) => u < oldestOfNewest);
	// The memo holds a few hundred 20-item feeds at most (8 MiB): cycling through more URLs than that,
	// in order, misses it every time.
	if (usable.length < 500) return undefined;
	const file = join(dir, "since.txt");
	writeFileSync(file, `${usable.join("\n")}\n`);
	console.log(`  uncached renders: ${fmt(usable.length)} since values, one canonical URL each (${n} articles)`);
	return file;
}
