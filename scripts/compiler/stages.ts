/**
 * How long each stage of a build took, printed with `--times` (or REELFEED_BUILD_TIMES=1): where a
 * large archive's build spends its time, measured rather than guessed.
 */
import { performance } from "node:perf_hooks";

export type Stages = {
	/** Records the time since the last mark under `name`. */
	mark(name: string): void;
	/** Adds `ms` to `name` (a stage measured in pieces). */
	add(name: string, ms: number): void;
	/** Adds a fact to the summary (how many articles were compiled). */
	note(text: string): void;
	/** One line: each stage and its seconds, in the order first seen, the total, and the notes. */
	summary(): string;
};

export function createStages(): Stages {
	const start = performance.now();
	let last = start;
	const times = new Map<string, number>();
	const notes: string[] = [];
	const add = (name: string, ms: number) => times.set(name, (times.get(name) ?? 0) + ms);
	return {
		mark(name) {
			const now = performance.now();
			add(name, now - last);
			last = now;
		},
		add,
		note(text) {
			notes.push(text);
		},
		summary() {
			const parts = [...times].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`);
			const total = `total ${((performance.now() - start) / 1000).toFixed(2)} s`;
			return `reelfeed build times: ${parts.join(", ")}; ${[total, ...notes].join("; ")}`;
		},
	};
}
