import type { ContentProblem } from "./types.ts";

/** A content problem as the build prints it and the dev server shows it: `file:line: field: message`. */
export const formatProblem = (p: ContentProblem): string =>
	`${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
