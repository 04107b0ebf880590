const HTML_ESCAPES: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};

/** Escapes text for HTML, e.g. a plain-text title in an Atom `type="html"` element. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Escapes plain text for HTML text content (not attributes): only &, < and > need it there. */
export const escapeHtmlText = (text: string): string =>
	text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));

/** How much of a client's value a message repeats. */
const QUOTED_MAX = 60;

/**
 * A value from a request, in quotes, for a message that names it: cut at 60 characters, so a
 * 2 KB slug makes an error no larger (nor slower) than a typo does.
 */
export const quoted = (value: string): string =>
	`"${value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value}"`;
