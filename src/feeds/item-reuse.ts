/**
 * A caching layer over the XML renderers: each item's rendered element is kept, by format, URL
 * (so origin) and article revision, and reused by every feed, page and query that lists it. The
 * `feed` package serializes through xml-js, about 50 µs an item, so a feed of 20 items rendered
 * whole would cost a millisecond, and one of items already seen costs the channel alone.
 *
 * The renderers stay pure (a document in, text out); this renders the feed with its first item
 * only, and puts every item's element in place of that one, rendered by the same renderer the
 * first time it is seen (the unseen ones together, in one render, cut apart). The result is byte
 * for byte the whole feed's render (test/worker/item-reuse.test.ts checks it for every feed).
 */
import { makeCache } from "../caches.ts";
import { indexOfMarkup } from "./escape.ts";
import { FORMATS, type FormatName } from "./formats.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

const fragments = makeCache<{ xml: string; size: number }>("items");

/** Where the element of the only (or first) item starts and ends: from its line's start to past its line's end. */
function itemSpan(xml: string, tag: string): { start: number; end: number } {
	const open = indexOfMarkup(xml, `<${tag}>`);
	const close = xml.lastIndexOf(`</${tag}>`);
	if (open < 0 || close < 0) throw new Error(`the ${tag} renderer wrote no <${tag}> to reuse`);
	return { start: xml.lastIndexOf("\n", open) + 1, end: xml.indexOf("\n", close) + 1 };
}

/**
 * The elements of a render of `count` items, cut at their own lines: each opens on a line of its
 * own, `indent` then `<tag>`, and closes on one, `indent` then `</tag>` (as the renderer writes
 * children, one step deeper each), found as markup (not text in a CDATA section), and each follows
 * the one before at once. Undefined unless there are exactly `count` of them, so laid out.
 */
function cutItems(xml: string, tag: string, indent: string, count: number): string[] | undefined {
	const opening = `\n${indent}<${tag}>\n`;
	const closing = `\n${indent}</${tag}>\n`;
	const elements: string[] = [];
	let at = indexOfMarkup(xml, opening);
	while (at >= 0) {
		const end = indexOfMarkup(xml, closing, at + 1);
		if (end < 0) return undefined;
		const after = end + closing.length - 1;
		elements.push(xml.slice(at + 1, after + 1));
		const next = indexOfMarkup(xml, opening, after);
		// The next item starts on the line after this one ends, or there is none.
		if (next >= 0 && next !== after) return undefined;
		at = next;
	}
	return elements.length === count ? elements : undefined;
}

/**
 * The document rendered in its format, reusing items already rendered (XML formats) or whole
 * (others). Items not seen before are rendered together, once, and cut apart; if the cut is not
 * sure (see cutItems), each alone.
 */
export function renderReusingItems(doc: FeedDoc, format: FormatName): string {
	const { render, xml } = FORMATS[format];
	const tag = xml?.itemElement;
	const [first] = doc.items;
	if (!tag || !first) return render(doc);
	const alone = (item: FeedItem) => render({ ...doc, items: [item] });
	const keyOf = (item: FeedItem) => `${format} ${item.url} ${item.rev}`;
	const shell = alone(first);
	const span = itemSpan(shell, tag);
	const keep = (item: FeedItem, fragment: string) => {
		const hit = { xml: fragment, size: fragment.length * 2 };
		fragments.set(keyOf(item), hit);
		return hit;
	};
	const unseen = doc.items.filter((item) => item !== first && !fragments.get(keyOf(item)));
	if (unseen.length > 1) {
		const indent = shell.slice(span.start, indexOfMarkup(shell, `<${tag}>`, span.start));
		const cut = cutItems(render({ ...doc, items: unseen }), tag, indent, unseen.length);
		if (cut) for (const [i, fragment] of cut.entries()) keep(unseen[i] as FeedItem, fragment);
	}
	const body = doc.items.map((item) => {
		const hit = fragments.get(keyOf(item));
		if (hit) return hit.xml;
		if (item === first) return keep(item, shell.slice(span.start, span.end)).xml;
		const xml = alone(item);
		const at = itemSpan(xml, tag);
		return keep(item, xml.slice(at.start, at.end)).xml;
	});
	return `${shell.slice(0, span.start)}${body.join("")}${shell.slice(span.end)}`;
}
