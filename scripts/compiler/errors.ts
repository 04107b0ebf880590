/** A problem in the content, located by file, line and field, so the editor can go straight to it. */
export type ContentProblem = {
	file: string;
	line: number;
	/** Dotted path of the field, e.g. "date" or "people.add[0]"; "" for the file as a whole. */
	field: string;
	message: string;
};

export function formatProblem(p: ContentProblem): string {
	return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

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
