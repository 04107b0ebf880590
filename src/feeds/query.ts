/**
 * Feed query parameters, parsed once into a FeedQuery and written back in one canonical form
 * (keys sorted, values sorted and deduplicated, defaults left out), which is the feed's self URL
 * and its cache key: equivalent URLs share one entry.
 *
 *   limit   items per page, 1–100 (default 20)
 *   person  only articles that mention this person; repeat for "any of"
 *   film    only articles about this film; repeat for "any of" (person and film must both match)
 *   series  only articles about this series, likewise
 *   match   "all" (the default: every type named must match) or "any" (one of all those named will do)
 *   since   only items published or updated after this ISO 8601 date or date-time
 *   before  a page cursor (from a next/previous link): the items after this one in the listing
 *
 * Unknown parameters are ignored.
 */
import { DATE_FORMATS, parseContentDate } from "../content/dates.ts";
import { ENTITY_TYPE_NAMES, type EntityType, perType } from "../content/index.ts";
import { SLUG_PATTERN } from "../content/slug.ts";
import { quoted } from "./escape.ts";

export const LIMIT = { default: 20, min: 1, max: 100 } as const;

/** The parameters a feed takes, in the order problems with them are listed. */
export const QUERY_PARAMETERS: readonly string[] = ["limit", ...ENTITY_TYPE_NAMES, "match", "since", "before"];

/** A position in the newest-first listing: just after the article with this date and slug. */
export type Cursor = { date: string; slug: string };

export type FeedQuery = {
	/** Slugs of each entity type (person=, film=): only articles that mention one of them, for every type named. */
	filters: Record<EntityType, string[]>;
	/** How filters of different types combine: "all" must match (the default), or "any" one. */
	match?: "any";
	/** ISO 8601 UTC. */
	since?: string;
	limit: number;
	before?: Cursor;
};

/** No filters: every type's list empty. */
export const noFilters = <T>(): Record<EntityType, T[]> => perType(() => []);

export type QueryProblem = { name: string; reason: string };

type ParsedQuery = { ok: true; query: FeedQuery } | { ok: false; problems: QueryProblem[] };

/** An ISO 8601 date (midnight UTC) or date-time with a time zone, as ISO UTC; else undefined. */
function parseInstant(value: string): string | undefined {
	const parsed = parseContentDate(value);
	return parsed.ok ? parsed.iso : undefined;
}

const formatCursor = (c: Cursor): string => `${c.date.replace(".000Z", "Z")}~${c.slug}`;

function parseCursor(value: string): Cursor | undefined {
	const at = value.lastIndexOf("~");
	const date = parseInstant(value.slice(0, at));
	const slug = value.slice(at + 1);
	return at > 0 && date && SLUG_PATTERN.test(slug) ? { date, slug } : undefined;
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort();

/**
 * Parses the query of a feed URL, every problem reported with the parameter's name and what it
 * allows. Whether the slugs name anything is for the content to say (see resolve.ts).
 */
export function parseFeedQuery(params: URLSearchParams): ParsedQuery {
	const problems: QueryProblem[] = [];
	const single = (name: string): string | undefined => {
		const values = [...new Set(params.getAll(name))];
		if (values.length > 1) problems.push({ name, reason: `give ${name} once (got ${values.length} different values)` });
		return values[0];
	};

	let limit: number = LIMIT.default;
	const rawLimit = single("limit");
	if (rawLimit !== undefined) {
		if (!/^\d{1,9}$/.test(rawLimit) || Number(rawLimit) < LIMIT.min || Number(rawLimit) > LIMIT.max) {
			problems.push({
				name: "limit",
				reason: `must be a whole number from ${LIMIT.min} to ${LIMIT.max} (default ${LIMIT.default})`,
			});
		} else limit = Number(rawLimit);
	}

	const filters = noFilters<string>();
	for (const type of ENTITY_TYPE_NAMES) filters[type] = sortedUnique(params.getAll(type));

	const rawMatch = single("match");
	if (rawMatch !== undefined && rawMatch !== "any" && rawMatch !== "all")
		problems.push({
			name: "match",
			reason: `must be all (the default: every type named must match) or any; ${quoted(rawMatch)} is neither`,
		});

	let since: string | undefined;
	const rawSince = single("since");
	if (rawSince !== undefined) {
		const parsed = parseContentDate(rawSince);
		if (parsed.ok) since = parsed.iso;
		else problems.push({ name: "since", reason: `must be ${DATE_FORMATS}; ${quoted(rawSince)} ${parsed.why}` });
	}

	let before: Cursor | undefined;
	const rawBefore = single("before");
	if (rawBefore !== undefined) {
		before = parseCursor(rawBefore);
		if (!before)
			problems.push({ name: "before", reason: "must be a page cursor as found in a feed's next or previous link" });
	}

	if (problems.length > 0) return { ok: false, problems };
	return {
		ok: true,
		query: {
			filters,
			limit,
			...(rawMatch === "any" ? { match: "any" as const } : {}),
			...(since ? { since } : {}),
			...(before ? { before } : {}),
		},
	};
}

/** The canonical query string ("" or "?…"): sorted keys and values, no duplicates, no defaults. */
export function canonicalSearch(query: FeedQuery): string {
	const pairs: [string, string][] = [];
	if (query.before) pairs.push(["before", formatCursor(query.before)]);
	for (const type of ENTITY_TYPE_NAMES) for (const slug of query.filters[type]) pairs.push([type, slug]);
	if (query.limit !== LIMIT.default) pairs.push(["limit", String(query.limit)]);
	if (query.match) pairs.push(["match", query.match]);
	if (query.since) pairs.push(["since", query.since.replace(".000Z", "Z")]);
	// Keys in order, each key's values as they are (sorted): a stable sort keeps them so.
	pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	// ":" may stand unescaped in a query (RFC 3986 § 3.4), and reads better in dates and cursors.
	const encode = (v: string) => encodeURIComponent(v).replace(/%3A/gi, ":");
	return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encode(v)}`).join("&")}` : "";
}
