/** The benchmark's table, as bench/out/results.md has it, formatted from a run's summary. */
import { type Route, routeById } from "./routes.ts";
import type { Pooled } from "./stats.ts";
import type { CorpusSummary, Growth, RouteFigures, Summary } from "./summary.ts";

export const fmt = (x: number, digits = 0) =>
	x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtMiB = (x: number) => `${x.toFixed(0)} MiB`;

/** A route's name without the article count some names carry (the heavy person's). */
const label = (route: Route) => route.name.replace(/\(\d+ articles\)/, "");

/** What a ratio is to: "copy" for a feed's own static copy, or the baseline by name. */
function against(routes: readonly Route[], route: Route, baseline: Route): string {
	if (baseline.copyOf === route.id) return "copy";
	if (baseline.copyOf) return `copy of ${routeById(routes, baseline.copyOf).name}`;
	return baseline.short ?? baseline.name;
}

function routeCell(c: CorpusSummary, x: RouteFigures | undefined): string {
	if (!x) return "";
	const ratio = x.ratio ? ` · ${x.ratio.value.toFixed(2)}× ${against(c.routes, x.route, x.ratio.baseline)}` : "";
	const errors = x.errors ? ` · ${x.errors} errors` : "";
	return `${fmt(x.rps.median)} [${fmt(x.rps.min)}–${fmt(x.rps.max)}]${ratio} · ${x.p50Ms.toFixed(2)}${errors}`;
}

const pooled = (p: Pooled) =>
	`${p.geometricMean.toFixed(3)}× (95 % CI ${p.low.toFixed(2)}–${p.high.toFixed(2)}; ${p.count} pairs; one pair's ratio spreads ×/÷ ${p.spread.toFixed(2)})`;

const growth = (g: Growth) => g.routes.map((x) => `${label(x.route).trim()} ${x.ratio.toFixed(2)}×`).join("; ");

export function table(s: Summary): string {
	const corpora = s.corpora;
	const lines: string[] = [];
	const head = corpora.map((c) => `${fmt(c.articles)} articles: req/s median [min–max] · ratio · p50 ms`);
	lines.push(`| route | ${head.join(" | ")} |`, `| --- | ${corpora.map(() => "---").join(" | ")} |`);
	for (const { route } of corpora[0]?.figures ?? []) {
		const cells = corpora.map((c) =>
			routeCell(
				c,
				c.figures.find((x) => x.route.id === route.id),
			),
		);
		lines.push(`| ${label(route)} | ${cells.join(" | ")} |`);
	}
	const row = (name: string, f: (c: CorpusSummary) => string) =>
		lines.push(`| ${name} | ${corpora.map(f).join(" | ")} |`);
	row(
		"workerd CPU per request, floor route (HTTP and runtime overhead)",
		(c) => `${c.cpuPerRender.floor.toFixed(3)} ms`,
	);
	row(
		"CPU per uncached render, 20 items, request total · net of floor (target ≤ 1 ms)",
		(c) => `${c.cpuPerRender.items20.toFixed(2)} ms · ${c.netOfFloor.items20.toFixed(2)} ms`,
	);
	row(
		"CPU per uncached render, 100 items, request total · net of floor (target ≤ 4 ms)",
		(c) => `${c.cpuPerRender.items100.toFixed(2)} ms · ${c.netOfFloor.items100.toFixed(2)} ms`,
	);
	for (const { name } of corpora[0]?.hostileFigures ?? []) {
		row(`CPU per request with the worst input a client can send: ${name} · ordinary → worst (target ≤ 1.2×)`, (c) => {
			const x = c.hostileFigures.find((h) => h.name === name);
			if (!x) return "";
			return `${x.normalMs.toFixed(3)} → ${x.worstMs.toFixed(3)} ms · ${x.ratio.toFixed(2)}× (${x.worst}…); the runtime alone ${x.floorNormalMs.toFixed(3)} → ${x.floorWorstMs.toFixed(3)} ms; reelfeed's own share ${x.ownShare.toFixed(2)}×`;
		});
	}
	row(
		"cold start: workerd alone (a trivial worker), process start → first response",
		(c) => `${c.startup.runtimeMs.toFixed(0)} ms`,
	);
	row("cold start: process start → listening (reelfeed loaded)", (c) => `${c.startup.listenMs.toFixed(0)} ms`);
	row(
		"cold start: process start → first feed response (target ≤ 100 ms at 10,000)",
		(c) => `${c.startup.firstResponseMs.toFixed(0)} ms`,
	);
	row(
		"cold start from a binary config (no parsing of the text config's embedded modules) → first feed response",
		(c) => `${c.startup.binaryFirstResponseMs.toFixed(0)} ms`,
	);
	row(
		"CPU of reelfeed's start (global scope, its modules): process start → listening, less the same process without it (target ≤ 50 ms)",
		(c) => `${c.startup.startupCpuMs.toFixed(1)} ms`,
	);
	row(
		"CPU of a fresh isolate's first request, every item rendered for the first time (targets ≤ 10 ms, ≤ 20 ms for 100 items): the site feed of 20 items · of 100 items .xml · an article page (the 100th newest) · a person's feed · their page · the directory's first page (500 entries)",
		(c) => {
			const f = c.startup.firstRequestCpuMs;
			return [f.items20, f.items100, f.article, f.entityFeed, f.entityPage, f.directory]
				.map((x) => `${x.toFixed(1)} ms`)
				.join(" · ");
		},
	);
	row(
		"the Worker (wrangler deploy --dry-run), raw / gzipped (target ≤ 10 MiB)",
		(c) => `${fmt(c.build.bundleRaw / 1024)} KiB / ${fmt(c.build.bundleGzip / 1024)} KiB`,
	);
	row(
		"static assets: files (Free plan ≤ 20,000) · bytes · the largest file (≤ 25 MiB)",
		(c) =>
			`${fmt(c.build.assetFiles)} · ${fmt(c.build.assetBytes / 2 ** 20)} MiB · ${fmt(c.build.largestAsset / 1024)} KiB`,
	);
	row(
		`isolate memory after ${"1,000"} distinct feeds and ${"1,000"} article pages, V8 heap + array buffers from the inspector (target ≤ 64 MiB): after a full garbage collection · as read before it, uncollected garbage included`,
		(c) =>
			c.memory
				? `${c.memory.liveHeapMiB === undefined ? "n/a" : `${c.memory.liveHeapMiB.toFixed(1)} + ${c.memory.liveBackingMiB.toFixed(1)} = ${(c.memory.liveHeapMiB + c.memory.liveBackingMiB).toFixed(1)} MiB`} · ${c.memory.heapUsedMiB.toFixed(1)} + ${c.memory.backingMiB.toFixed(1)} MiB (${fmt(c.memory.feeds)} feeds, ${fmt(c.memory.articlePages)} pages)`
				: "",
	);
	row(
		"content compiler: build time · peak memory (targets at 1,000,000: ≤ 10 min, ≤ 4 GiB)",
		(c) =>
			`${fmt(c.build.compileMs / 1000)} s · ${c.build.compilePeakMiB ? `${fmt(c.build.compilePeakMiB)} MiB` : "n/a"}`,
	);
	row(
		"content compiler, one article edited then put back, a new article added then taken out: each rebuild's time · peak memory (target at 1,000,000: ≤ 10 s)",
		(c) =>
			(c.build.edits ?? [])
				.map((e) => `${fmt(e.ms / 1000)} s · ${e.peakMiB ? `${fmt(e.peakMiB)} MiB` : "n/a"} (${e.compiled})`)
				.join("; ") || "n/a",
	);
	row(
		"the same under `npm start` (its build server), started on the content as built: the build kept in memory behind its first answer (the cache read from disk); then each edit, put back, and the new article added, taken out · the server's peak memory (target at 1,000,000: ≤ 10 s)",
		(c) => {
			const served = c.build.served ?? [];
			if (!served.length) return "n/a";
			const each = served
				.map((e) => `${fmt(e.ms / 1000)} s (${[e.compiled, e.watched, e.since].filter(Boolean).join("; ")})`)
				.join(", ");
			const warm = c.build.servedWarmMs === undefined ? "n/a" : `${fmt(c.build.servedWarmMs / 1000)} s`;
			return `${warm}; ${each} · ${c.build.servedPeakMiB ? `${fmt(c.build.servedPeakMiB)} MiB` : "n/a"}`;
		},
	);
	row(
		"workerd memory (RSS): this corpus alone, after one pass over its routes",
		(c) => `${c.rssAloneMiB.toFixed(0)} MiB`,
	);
	lines.push(`| workerd memory (RSS): all corpora in one process, after the run | ${fmtMiB(s.rssAllMiB)} |`);
	if (s.pooled) {
		lines.push(
			"",
			`Warm feeds against their static copies, every pair of runs (a feed and its copy, A B B A, one round) pooled: geometric mean of the ratios, all corpora ${pooled(s.pooled.all)}; ${s.pooled.each.map((c) => `${fmt(c.articles)} articles ${pooled(c.pooled)}`).join("; ")}.`,
		);
	}
	if (s.growth.length) {
		lines.push("");
		for (const g of s.growth) {
			lines.push(`p50 growth, ${fmt(g.large)} vs ${fmt(g.small)} articles (target ≤ 1.1×): ${growth(g)}`, "");
		}
		const g = s.growthOfLargest;
		if (g) lines.push(`p50 growth, ${fmt(g.large)} vs ${fmt(g.small)} articles: ${growth(g)}`, "");
		for (const g of s.netGrowth) {
			lines.push(
				`p50 growth net of the static copy's, ${fmt(g.large)} vs ${fmt(g.small)} articles (a warm feed's growth over its copy's, per round: what grows beyond the bytes served): ${growth(g)}`,
				"",
			);
		}
	}
	return lines.join("\n");
}
