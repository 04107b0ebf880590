/**
 * A caching layer over the XML renderers: each item's rendered element is kept, by format, URL
 * (so origin) and article revision, and reused by every feed, page and query that lists it. The
 * `feed` package serializes through xml-js, about 50 µs an item, so a feed of 20 items rendered
 * whole would cost a millisecond, and one of items already seen costs the channel alone.
 *
 * The renderers stay pure (a document in, text out); this renders the feed with its first item
 * only, and puts every item's element in place of that one, each rendered alone, by the same
 * renderer, the first time it is seen. The result is byte for byte the whole feed's render
 * (test/worker/item-reuse.test.ts checks it for every feed).
 */
import { makeCache } from "../caches.ts";
import { FORMATS, type FormatName } from "./formats.ts";
import type { FeedDoc, FeedItem } from "./model.ts";

const fragments = makeCache<{ xml: string; size: number }>("items");

/** Where the element of the only (or first) item starts and ends: from its line's start to past its line's end. */
function itemSpan(xml: string, tag: string): { start: number; end: number } {
	const open = xml.indexOf(`<${tag}>`);
	const close = xml.lastIndexOf(`</${tag}>`);
	if (open < 0 || close < 0) throw new Error(`the ${tag} renderer wrote no <${tag}> to reuse`);
	return { start: xml.lastIndexOf("\n", open) + 1, end: xml.indexOf("\n", close) + 1 };
}

/** The document rendered in its format, reusing items already rendered (XML formats) or whole (others). */
export function renderReusingItems(doc: FeedDoc, format: FormatName): string {
	const { render, xml } = FORMATS[format];
	const tag = xml?.itemElement;
	const [first] = doc.items;
	if (!tag || !first) return render(doc);
	const alone = (item: FeedItem) => render({ ...doc, items: [item] });
	const shell = alone(first);
	const span = itemSpan(shell, tag);
	const body = doc.items.map((item) => {
		const key = `${format} ${item.url} ${item.rev}`;
		let hit = fragments.get(key);
		if (!hit) {
			const xml = item === first ? shell : alone(item);
			const at = item === first ? span : itemSpan(xml, tag);
			const fragment = xml.slice(at.start, at.end);
			hit = { xml: fragment, size: fragment.length * 2 };
			fragments.set(key, hit);
		}
		return hit.xml;
	});
	return `${shell.slice(0, span.start)}${body.join("")}${shell.slice(span.end)}`;
}
