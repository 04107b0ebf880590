import { cleanText } from "../../src/content/clean.ts";

export { SLUG_PATTERN, slugify } from "../../src/content/slug.ts";
export { cleanText };

/**
 * A parsed value with every string in it cleaned (keys too): what YAML escapes ("\x00", "\v",
 * "\uFFFE", a lone "\uD800") put into titles, names and descriptions never reaches an output.
 */
export function cleanValue(value: unknown): unknown {
	if (typeof value === "string") return cleanText(value);
	if (Array.isArray(value)) return value.map(cleanValue);
	if (value !== null && typeof value === "object") {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanValue(v)]));
	}
	return value;
}

/** Cuts plain text to at most `max` characters at a word boundary, with an ellipsis. */
export function truncateText(text: string, max: number): string {
	const clean = text.replace(/\s+/g, " ").trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max - 1);
	const space = cut.lastIndexOf(" ");
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
