/**
 * The CPU of a fresh isolate's first request, for bundles built before (one tree's, another's),
 * interleaved: for each round, each path, a fresh process of each bundle in turn. Medians.
 *
 *   node scripts/bench/first-requests.ts --work DIR --rounds 7 LABEL=BUNDLE_DIR=PUBLIC_DIR...
 *
 * Each tree is a bundle (`wrangler deploy --dry-run --outdir`) and its static assets, of the same corpus.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { firstPaths } from "./cold-start.ts";
import { prebuiltBundle } from "./prebuilt-bundle.ts";
import { median } from "./stats.ts";
import { serve, withServer } from "./workerd.ts";

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		work: { type: "string" },
		rounds: { type: "string", default: "7" },
		paths: { type: "string" },
	},
});
const trees = positionals.map((p) => {
	const [label, bundle, publicDir] = p.split("=").map((x, i) => (i ? resolve(x) : x)) as [string, string, string];
	const dir = join(resolve(values.work as string), label);
	const built = prebuiltBundle(bundle, publicDir, dir);
	return { label, dir, built };
});
const first = trees[0] as (typeof trees)[number];
const found = await withServer(await serve(first.dir, first.built, {}), firstPaths);
const person = found.entityPage.split("/").pop();
// The most written about on the directory's first page: the longest list.
const top = await withServer(await serve(first.dir, first.built, {}), async (server) => {
	const doc = (await (await fetch(`${server.url}/api/people.json`)).json()) as {
		people: { slug: string; article_count: number }[];
	};
	return doc.people.reduce((a, b) => (b.article_count > a.article_count ? b : a)).slug;
});
const paths = values.paths?.split(",") ?? [
	"/feed.xml",
	"/feed.xml?limit=100",
	found.article,
	found.entityFeed,
	found.entityPage,
	found.directory,
	"/",
	`/embed/person/${person}`,
	`/feed/person/${top}.xml`,
];
const cpu = new Map<string, number[]>();
for (let round = 0; round < Number(values.rounds); round++) {
	for (const path of paths) {
		for (const { label, dir, built } of trees) {
			const s = await serve(dir, built, {}, { probe: true, firstPath: path });
			s.child.kill("SIGKILL");
			const key = `${path}\t${label}`;
			cpu.set(key, [...(cpu.get(key) ?? []), s.startup.firstRequestCpuMs as number]);
			// The process's CPU to listening: workerd's own start and the Worker's global scope.
			const start = `(start)\t${label}`;
			cpu.set(start, [...(cpu.get(start) ?? []), s.startup.listenCpuMs as number]);
		}
	}
}
for (const path of [...paths, "(start)"])
	console.log(
		[path, ...trees.map(({ label }) => `${label} ${median(cpu.get(`${path}\t${label}`) ?? []).toFixed(1)}`)].join("\t"),
	);
