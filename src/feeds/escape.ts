import { replaceUnwanted } from "../content/clean.ts";

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
 * A value from a request, in quotes, for a message that names it: cut at 60 characters (never
 * inside a surrogate pair), so a 2 KB slug makes an error no larger (nor slower) than a typo does,
 * and with any character no output may carry (a decoded `%00`) shown as U+FFFD.
 */
export function quoted(value: string): string {
	let cut = value.length > QUOTED_MAX ? value.slice(0, QUOTED_MAX) : value;
	if (cut !== value && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
	return `"${replaceUnwanted(cut)}${cut === value ? "" : "…"}"`;
}

/**
 * Where `markup` (a tag such as `</item>`) next occurs in XML as markup, from `from`: not inside a
 * CDATA section, where text is kept as written (an RSS title or summary may say `</item>`), or
 * -1. The renderers write no comment or processing instruction after the prolog, and escape `<`
 * everywhere else, so outside CDATA a `<` is markup. Linear in the length searched.
 */
export function indexOfMarkup(xml: string, markup: string, from = 0): number {
	let at = from;
	let found = xml.indexOf(markup, at);
	for (;;) {
		if (found < 0) return -1;
		const cdata = xml.indexOf("<![CDATA[", at);
		if (cdata < 0 || found < cdata) return found;
		const end = xml.indexOf("]]>", cdata + 9);
		if (end < 0) return -1;
		at = end + 3;
		// Searched again only if the match was inside the section just skipped: each character is
		// looked at once by each of the two searches.
		if (found < at) found = xml.indexOf(markup, at);
	}
}
