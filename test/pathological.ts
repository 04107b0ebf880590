// Shared by the worker tests (test/worker/hostile-requests.test.ts) and the benchmark (scripts/bench.ts).

/**
 * The worst a client can send to each parser of request input, at the size the guards let
 * through: these must be answered right, and (npm run bench measures it) as cheaply as a normal
 * request, which no parser that backtracks could do.
 */
export const PATHOLOGICAL = {
	ifNoneMatch: [
		" ".repeat(8000),
		`${" ".repeat(7990)}"x`,
		'"'.repeat(8000),
		",".repeat(8000),
		`W/${'"a'.repeat(3990)}`,
	],
	ifModifiedSince: [" ".repeat(8000), `Tue, 05 May 2020 ${"0".repeat(7900)}`],
	accept: [`${"application/rss+xml;q=0.5,".repeat(300)}`, ";".repeat(8000), `${"a/b;".repeat(2000)}`],
	path: ["/".repeat(1900), `/feed/person/${"%2D".repeat(600)}.json`, `/people/${"a-".repeat(900)}`],
	query: [
		`?since=${"9".repeat(1900)}`,
		`?before=${"~".repeat(1900)}`,
		`?person=${"joe-russo-".repeat(180)}`,
		`?before=2020-05-05T00:00:00Z~${"a-".repeat(900)}a`,
	],
};
