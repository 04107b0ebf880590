/**
 * Broken content under `wrangler dev`: the build served its problems instead of failing (see
 * scripts/build-content.ts), and every request is answered with them, as a page in a browser,
 * until the content is fixed and rebuilt. A deployed Worker never has any: `wrangler deploy`
 * stops on them.
 */
import { contentProblems, formatProblem } from "../content/index.ts";
import { HttpError } from "./errors.ts";

export function brokenContent(_request: Request): HttpError | undefined {
	if (contentProblems.length === 0) return undefined;
	const count = `${contentProblems.length} problem${contentProblems.length === 1 ? "" : "s"}`;
	const error = new HttpError(
		503,
		"The content has problems",
		`The content has ${count}; nothing is served until they are fixed. This page reloads itself until then.`,
		{ problems: contentProblems },
		{ "retry-after": "2" },
		[],
		contentProblems.map(formatProblem),
	);
	error.page = true;
	return error;
}
