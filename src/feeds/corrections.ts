/**
 * Corrections as readers see them: above the text, each with its date, in every feed's item HTML
 * and on the article page; a correction also moves the article's `updated` (the build does that),
 * so readers that track updates show the item again. Pure.
 */
import type { Correction } from "../content/index.ts";
import { escapeHtmlText } from "./escape.ts";

/** "Correction (2020-05-07): …", the date as every page writes dates. */
export const correctionLabel = (c: Correction): string => `Correction (${c.date.slice(0, 10)}):`;

/** The corrections as HTML paragraphs, newest first, for the top of an item's content. */
export const correctionsHtml = (corrections: readonly Correction[] | undefined): string =>
	(corrections ?? [])
		.toReversed()
		.map((c) => `<p><strong>${correctionLabel(c)}</strong> ${escapeHtmlText(c.note)}</p>`)
		.join("");
