/**
 * When each feed's bytes last changed, kept by the build between runs (content/feed-history.json).
 *
 * A feed's Last-Modified cannot be its newest item's date: some readers (Nextcloud News, Tiny Tiny
 * RSS) send only If-Modified-Since, with their own clock, and would never see an article added
 * with an older date, an article newly tagged by a new alias, or one dated earlier the same day.
 * So the build fingerprints what each feed's bytes are made of (the entity, its articles'
 * revisions in order; and, once for all, the code and site revision) and records the build's clock
 * whenever a fingerprint changes. A feed's Last-Modified, the latest of its records, is then never
 * earlier than the moment its bytes last changed.
 */
/** The history's file name, in the content folder. */
export const HISTORY_FILE = "feed-history.json";

export type FeedHistory = Record<string, { fingerprint: string; changed: string }>;

/** The file's shape: a note for whoever opens it, and the records, by key. */
export type HistoryFile = { note: string; feeds: FeedHistory };

export const HISTORY_NOTE =
	"Written by the content build: when each feed last changed, for its Last-Modified header. Commit it with the content; do not edit it.";

/**
 * Keys of the history: the code and site revision (what every output depends on), the site feed,
 * every page (the whole content), and each entity's feed.
 */
export const historyKey = {
	revision: "revision",
	site: "site",
	content: "content",
	entity: (type: string, slug: string) => `${type}/${slug}`,
};

/**
 * The history after a build at `now`: a record whose fingerprint is unchanged keeps its time; a
 * new or changed one takes `now`; records of feeds that no longer exist are dropped. Sorted by
 * key, so the file diffs cleanly.
 */
export function recordChanges(previous: FeedHistory, fingerprints: Map<string, string>, now: string): FeedHistory {
	const next: FeedHistory = {};
	for (const key of [...fingerprints.keys()].sort()) {
		const fingerprint = fingerprints.get(key) as string;
		const before = Object.hasOwn(previous, key) ? previous[key] : undefined;
		next[key] = before?.fingerprint === fingerprint ? before : { fingerprint, changed: now };
	}
	return next;
}

/** Reads a history file's text; anything unreadable counts as no history (every feed then changed now). */
export function parseHistory(text: string | undefined): FeedHistory {
	if (text === undefined) return {};
	try {
		const parsed = JSON.parse(text) as Partial<HistoryFile>;
		const feeds = parsed.feeds;
		if (!feeds || typeof feeds !== "object") return {};
		const valid: FeedHistory = {};
		for (const [key, record] of Object.entries(feeds)) {
			if (
				record &&
				typeof record.fingerprint === "string" &&
				typeof record.changed === "string" &&
				!Number.isNaN(Date.parse(record.changed))
			)
				valid[key] = { fingerprint: record.fingerprint, changed: new Date(record.changed).toISOString() };
		}
		return valid;
	} catch {
		return {};
	}
}

export const formatHistory = (feeds: FeedHistory): string =>
	`${JSON.stringify({ note: HISTORY_NOTE, feeds } satisfies HistoryFile, null, "\t")}\n`;
