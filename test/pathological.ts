// The worst a client can send to each parser of request input, at the size the guards let
// through; shared by the worker tests (test/worker/hostile-requests.test.ts) and the benchmark
// (scripts/bench/hostile.ts), which measures their CPU next to an ordinary request's.
//
// HTTP strips spaces at either end of a header value (RFC 9110 § 5.5), so runs of spaces stand
// between other characters: a backtracking regular expression spent 22 ms (Node) to 70 ms
// (workerd) on one of these in If-None-Match.

const spaces = " ".repeat(7990);

export const PATHOLOGICAL = {
	ifNoneMatch: [
		`x${spaces}x`,
		`,${spaces},`,
		`"x${spaces}x`,
		'"'.repeat(8000),
		",".repeat(8000),
		`W/${'"a'.repeat(3990)}`,
	],
	ifModifiedSince: [`Tue,${spaces}GMT`, `Tue, 05 May 2020 ${"0".repeat(7900)}`],
	accept: [`${"application/rss+xml;q=0.5,".repeat(300)}`, `a${";".repeat(8000)}a`, `${"a/b;".repeat(2000)}`],
	/** Paths redirected to their canonical form. */
	path: ["/".repeat(1900), `/feed/person/${"%2D".repeat(600)}.json`, `/FEED${"/".repeat(1890)}.xml`],
	/** Paths that name nothing, answered with a 404 page. */
	missing: [
		`/people/${"a-".repeat(900)}a`,
		`/people/${"joe-russo-".repeat(180)}`,
		`/films/${"x".repeat(1800)}`,
		"/a".repeat(900),
	],
	query: [
		`?since=${"9".repeat(1900)}`,
		`?before=${"~".repeat(1900)}`,
		`?person=${"joe-russo-".repeat(180)}`,
		`?before=2020-05-05T00:00:00Z~${"a-".repeat(900)}a`,
		// Many distinct made-up slugs, each of which could ask for suggestions.
		Array.from({ length: 100 }, (_, i) => `${i ? "&" : "?"}person=joe-rus${i}`).join(""),
	],
};
