/**
 * What the table states, computed from the recorded runs: each route's throughput and latency
 * over the rounds and its ratio to its baseline, the warm feeds' ratios to their copies pooled,
 * latency growth from one corpus to a larger one, and the shares of the hostile-input rows.
 */
import type { HostileCpu } from "./hostile.ts";
import type { Corpus, Results, Run } from "./results.ts";
import { ownCopy, type Route, type RouteId, routeById } from "./routes.ts";
import { meanPerRound, median, type PerRound, type Pooled, pairedRatio, pairedRatios, pool } from "./stats.ts";

export type RouteFigures = {
	route: Route;
	rps: { median: number; min: number; max: number };
	p50Ms: number;
	errors: number;
	/** Its throughput over its baseline's: the median of each round's ratio. */
	ratio?: { value: number; baseline: Route };
};

export type HostileFigures = HostileCpu & {
	/** The worst input's CPU over the ordinary one's. */
	ratio: number;
	/** What reelfeed's own code adds: its extra CPU over the runtime's extra for the same bytes. */
	ownShare: number;
};

export type CorpusSummary = Corpus & {
	figures: RouteFigures[];
	/** CPU per uncached render net of the floor route's. */
	netOfFloor: { items20: number; items100: number };
	hostileFigures: HostileFigures[];
	/** Each round's ratio of a warm feed's throughput to its own static copy's, every warm feed. */
	warmRatios: number[];
};

/** Each route's p50 in a larger corpus over its p50 in a smaller one, measured side by side. */
export type Growth = { small: number; large: number; routes: { route: Route; ratio: number }[] };

export type Summary = {
	machine: string;
	corpora: CorpusSummary[];
	rssAllMiB: number;
	/** Every warm feed's ratios to its copy pooled, all corpora and each, when there are pairs to pool. */
	pooled?: { all: Pooled; each: { articles: number; pooled: Pooled }[] };
	/** Each larger corpus against the smallest; the two largest against each other; both net of the copies. */
	growth: Growth[];
	growthOfLargest?: Growth;
	netGrowth: Growth[];
};

/** A route's figures in one corpus, per round. */
type Series = { rps: PerRound; p50: PerRound; errors: number };

function series(runs: readonly Run[], articles: number, route: RouteId): Series {
	const own = runs.filter((r) => r.articles === articles && r.route === route);
	return {
		rps: meanPerRound(own, (r) => r.rps),
		p50: meanPerRound(own, (r) => r.p50Ms),
		errors: own.reduce((sum, r) => sum + r.errors, 0),
	};
}

function summarizeCorpus(corpus: Corpus, runs: readonly Run[]): CorpusSummary {
	const of = (id: RouteId) => series(runs, corpus.articles, id);
	const figures = corpus.routes.map((route): RouteFigures => {
		const { rps, p50, errors } = of(route.id);
		const rpsValues = [...rps.values()];
		const baseline = route.baseline && routeById(corpus.routes, route.baseline);
		return {
			route,
			rps: { median: median(rpsValues), min: Math.min(...rpsValues), max: Math.max(...rpsValues) },
			p50Ms: median(p50.values()),
			errors,
			...(baseline ? { ratio: { value: pairedRatio(rps, of(baseline.id).rps), baseline } } : {}),
		};
	});
	const warmRatios = corpus.routes.flatMap((route) => {
		const copy = ownCopy(corpus.routes, route);
		return copy ? [...pairedRatios(of(route.id).rps, of(copy.id).rps).values()] : [];
	});
	const { floor, items20, items100 } = corpus.cpuPerRender;
	const hostileFigures = corpus.hostile.map((x) => ({
		...x,
		ratio: x.worstMs / x.normalMs,
		ownShare: 1 + (x.worstMs - x.normalMs - (x.floorWorstMs - x.floorNormalMs)) / x.normalMs,
	}));
	return {
		...corpus,
		figures,
		netOfFloor: { items20: items20 - floor, items100: items100 - floor },
		hostileFigures,
		warmRatios,
	};
}

function growth(runs: readonly Run[], small: Corpus, large: Corpus): Growth {
	const p50 = (c: Corpus, id: RouteId) => series(runs, c.articles, id).p50;
	return {
		small: small.articles,
		large: large.articles,
		routes: large.routes.map((route) => ({ route, ratio: pairedRatio(p50(large, route.id), p50(small, route.id)) })),
	};
}

/** Per round, a warm feed's p50 over its static copy's in the larger corpus, over the same in the smaller. */
function netGrowth(runs: readonly Run[], small: Corpus, large: Corpus): Growth {
	const p50 = (c: Corpus, id: RouteId) => series(runs, c.articles, id).p50;
	const overCopy = (c: Corpus, route: Route, copy: Route) => pairedRatios(p50(c, route.id), p50(c, copy.id));
	return {
		small: small.articles,
		large: large.articles,
		routes: large.routes.flatMap((route) => {
			const copy = ownCopy(large.routes, route);
			return copy ? [{ route, ratio: pairedRatio(overCopy(large, route, copy), overCopy(small, route, copy)) }] : [];
		}),
	};
}

export function summarize({ machine, corpora, runs, rssAllMiB }: Results): Summary {
	const summaries = corpora.map((c) => summarizeCorpus(c, runs));
	const [first, ...rest] = corpora;
	const [a, b] = rest.slice(-2);
	return {
		machine,
		corpora: summaries,
		rssAllMiB,
		...(summaries.some((c) => c.warmRatios.length > 1)
			? {
					pooled: {
						all: pool(summaries.flatMap((c) => c.warmRatios)),
						each: summaries.map((c) => ({ articles: c.articles, pooled: pool(c.warmRatios) })),
					},
				}
			: {}),
		growth: first ? rest.map((large) => growth(runs, first, large)) : [],
		...(a && b ? { growthOfLargest: growth(runs, a, b) } : {}),
		netGrowth: first ? rest.map((large) => netGrowth(runs, first, large)) : [],
	};
}
