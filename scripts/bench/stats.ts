/** Statistics over the benchmark's figures: pure functions of numbers. */

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function median(xs: Iterable<number>): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	const upper = s[mid] ?? Number.NaN;
	return s.length % 2 ? upper : ((s[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** A figure in each round, by round number. */
export type PerRound = Map<number, number>;

/** The mean of a figure over each round's measurements (a route's two runs, A B B A, around its baseline's). */
export function meanPerRound<T extends { round: number }>(items: readonly T[], figure: (x: T) => number): PerRound {
	const byRound = new Map<number, number[]>();
	for (const x of items) byRound.set(x.round, [...(byRound.get(x.round) ?? []), figure(x)]);
	return new Map([...byRound].map(([round, xs]) => [round, mean(xs)]));
}

/**
 * Each round's ratio of a figure to another measured in the same round, seconds apart: drift
 * between rounds (this machine's speed varies by 2× over minutes) cancels out of its median,
 * where a ratio of two medians would mix rounds.
 */
export function pairedRatios(xs: PerRound, bases: PerRound): PerRound {
	const ratios: PerRound = new Map();
	for (const [round, x] of xs) {
		const base = bases.get(round);
		if (base !== undefined) ratios.set(round, x / base);
	}
	return ratios;
}

/** The median over rounds of a figure's ratio to another measured in the same round. */
export const pairedRatio = (xs: PerRound, bases: PerRound) => median(pairedRatios(xs, bases).values());

/** Ratios pooled on a log scale: their geometric mean, its 95 % interval, and one ratio's spread. */
export type Pooled = { geometricMean: number; low: number; high: number; count: number; spread: number };

export function pool(ratios: readonly number[]): Pooled {
	const logs = ratios.map((r) => Math.log(r));
	const m = mean(logs);
	const sd = Math.sqrt(logs.reduce((sum, x) => sum + (x - m) ** 2, 0) / (logs.length - 1));
	const half = (1.96 * sd) / Math.sqrt(logs.length);
	return {
		geometricMean: Math.exp(m),
		low: Math.exp(m - half),
		high: Math.exp(m + half),
		count: logs.length,
		spread: Math.exp(sd),
	};
}
