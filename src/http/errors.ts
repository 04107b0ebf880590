/**
 * The one error path. Handlers throw an HttpError; `renderError` turns it (or any other throw)
 * into a response in the format the client asked for: application/problem+json (RFC 9457) for a
 * .json URL or a client that prefers JSON, plain text otherwise. Never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ProblemExtras = Record<string, unknown>;

export class HttpError extends HTTPException {
	readonly title: string;
	readonly detail: string;
	readonly extras: ProblemExtras;
	readonly headers: Record<string, string>;

	constructor(
		status: ContentfulStatusCode,
		title: string,
		detail: string,
		extras: ProblemExtras = {},
		headers: Record<string, string> = {},
	) {
		super(status, { message: detail });
		this.title = title;
		this.detail = detail;
		this.extras = extras;
		this.headers = headers;
	}
}

export const notFound = (detail: string, extras?: ProblemExtras) => new HttpError(404, "Not Found", detail, extras);

export const badRequest = (detail: string, extras?: ProblemExtras) => new HttpError(400, "Bad Request", detail, extras);

function wantsJson(c: Context): boolean {
	if (new URL(c.req.url).pathname.endsWith(".json")) return true;
	const accept = c.req.header("accept") ?? "";
	return /application\/(?:problem\+|feed\+)?json/.test(accept) && !/text\/html/.test(accept);
}

export function renderError(error: unknown, c: Context): Response {
	const problem =
		error instanceof HttpError
			? error
			: error instanceof HTTPException
				? new HttpError(
						error.status as ContentfulStatusCode,
						error.message || "Error",
						error.message || "The request failed.",
					)
				: new HttpError(500, "Internal Server Error", "Something went wrong on our side; the error has been logged.");
	if (!(error instanceof HTTPException)) console.error(error);
	const headers = { "cache-control": "no-store", ...problem.headers };
	if (wantsJson(c)) {
		const body = {
			type: "about:blank",
			title: problem.title,
			status: problem.status,
			detail: problem.detail,
			instance: new URL(c.req.url).pathname,
			...problem.extras,
		};
		return new Response(JSON.stringify(body), {
			status: problem.status,
			headers: {
				...headers,
				"content-type": "application/problem+json; charset=utf-8",
			},
		});
	}
	return new Response(`${problem.status} ${problem.title}\n\n${problem.detail}\n`, {
		status: problem.status,
		headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
	});
}
