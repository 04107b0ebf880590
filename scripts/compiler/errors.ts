import { formatProblem } from "../../src/content/problems.ts";
import type { ContentProblem } from "../../src/content/types.ts";

export type { ContentProblem };
export { formatProblem };

/** Thrown by the compiler with every problem it found, so one build shows them all. */
export class ContentError extends Error {
	readonly problems: ContentProblem[];

	constructor(problems: ContentProblem[]) {
		super(
			`invalid content (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map(formatProblem).join("\n")}`,
		);
		this.name = "ContentError";
		this.problems = problems;
	}
}

export function fieldPath(path: readonly PropertyKey[]): string {
	let out = "";
	for (const key of path) {
		if (typeof key === "number") out += `[${key}]`;
		else out += out ? `.${String(key)}` : String(key);
	}
	return out;
}
