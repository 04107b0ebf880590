/**
 * Pages of the lists that grow with the archive: the directory API, OPML, and the people, films,
 * series and authors pages. Each is cut into numbered pages of a fixed size (`?page=2`; the first
 * page has no parameter), in a stable order (the registries'), so no response grows without bound
 * and a client walks them by following `next`. Pure: the HTTP shell reads the parameter and writes
 * the Link header from what this returns.
 */
import { quoted } from "./escape.ts";
import type { QueryProblem } from "./query.ts";
import type { Resolved } from "./resolve.ts";

/** Entries per page of each growing list. */
export const PAGE_SIZE = {
	/** /api/people.json…: about 300 KiB of JSON. */
	api: 500,
	/** /feeds.opml: outlines (feeds) per page. */
	opml: 1_000,
	/** /people, /films…: links per page. */
	directory: 500,
} as const;

export type Paged<T> = {
	items: readonly T[];
	/** 1-based. */
	page: number;
	/** At least 1: an empty list has one empty page. */
	pages: number;
};

/** The largest page number a request may name: 1,000,000 articles' lists have far fewer. */
const MAX_PAGE = 1_000_000;

/** `?page=` as sent: absent is the first page; else a whole number from 1, in canonical form. */
export function parsePage(values: readonly string[]): Resolved<number> {
	if (values.length === 0) return { ok: true, value: 1 };
	const bad = (reason: string): Resolved<number> => ({
		ok: false,
		problem: { kind: "bad-query", problems: [{ name: "page", reason } satisfies QueryProblem] },
	});
	if (values.length > 1) return bad("give it once");
	const value = values[0] as string;
	// Checked by length first, so a long value costs no more than a short one.
	if (value.length > 7 || !/^[1-9][0-9]*$/.test(value))
		return bad(`${quoted(value.slice(0, 40))} is not a page number: a whole number from 1, without leading zeros`);
	const page = Number(value);
	return page > MAX_PAGE ? bad(`there are never more than ${MAX_PAGE} pages`) : { ok: true, value: page };
}

/**
 * Page `page` of a list of `count` entries, `size` to a page, reading only its own entries
 * (`slice(from, to)`); a not-found problem past the last page.
 */
export function pageOf<T>(
	count: number,
	page: number,
	size: number,
	what: string,
	slice: (from: number, to: number) => readonly T[],
): Resolved<Paged<T>> {
	const pages = Math.max(1, Math.ceil(count / size));
	if (page > pages)
		return {
			ok: false,
			problem: {
				kind: "not-found",
				detail: `There ${pages === 1 ? "is 1 page" : `are ${pages} pages`} of ${what}, not ${page}.`,
				suggestions: [],
			},
		};
	return { ok: true, value: { items: slice((page - 1) * size, Math.min(count, page * size)), page, pages } };
}

/** The query string of page `page` of a list (none for the first). */
export const pageSearch = (page: number): string => (page === 1 ? "" : `?page=${page}`);

/** The URLs of the pages before and after, from the list's own URL (no query). */
export function pageLinks(url: string, paged: Paged<unknown>): { previous: string | null; next: string | null } {
	return {
		previous: paged.page > 1 ? url + pageSearch(paged.page - 1) : null,
		next: paged.page < paged.pages ? url + pageSearch(paged.page + 1) : null,
	};
}

/** The Link header (RFC 8288) of a page of a list: its first, previous, next and last pages. */
export function pageLinkHeader(url: string, paged: Paged<unknown>): Record<string, string> {
	if (paged.pages === 1) return {};
	const { previous, next } = pageLinks(url, paged);
	const links = [
		`<${url}>; rel="first"`,
		...(previous ? [`<${previous}>; rel="prev"`] : []),
		...(next ? [`<${next}>; rel="next"`] : []),
		`<${url + pageSearch(paged.pages)}>; rel="last"`,
	];
	return { link: links.join(", ") };
}
