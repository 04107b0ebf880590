export { SLUG_PATTERN, slugify } from "../../src/content/slug.ts";

/**
 * Characters that XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls other than
 * tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. They cannot appear in an RSS or Atom
 * document even escaped, so they are removed from every string the compiler reads.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripXmlForbidden(text: string): string {
	return text.replace(XML_FORBIDDEN, "");
}

/** Cuts plain text to at most `max` characters at a word boundary, with an ellipsis. */
export function truncateText(text: string, max: number): string {
	const clean = text.replace(/\s+/g, " ").trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max - 1);
	const space = cut.lastIndexOf(" ");
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
