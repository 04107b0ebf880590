/**
 * Each parser of request input, fed an ordinary value and then each of the worst a client can send
 * (test/pathological.ts) on the same route, answered the same way: the CPU per request of the
 * ordinary one and of the worst, run A B B A. Target: the worst within 1.2× the ordinary.
 */
import { PATHOLOGICAL } from "../../test/pathological.ts";
import { cpuPer } from "./cpu.ts";
import { median } from "./stats.ts";
import type { Server } from "./workerd.ts";

type Case = { name: string; path: (value: string) => string; header?: string; normal: string; worst: string[] };

const CASES: Case[] = [
	{
		name: "an 8 KB header no parser reads (X-Padding), /feed.xml (200): what its size alone costs",
		path: () => "/feed.xml",
		header: "X-Padding",
		normal: "x",
		worst: [`x${"a".repeat(7998)}x`],
	},
	{
		name: "If-None-Match, /feed.xml (200)",
		path: () => "/feed.xml",
		header: "If-None-Match",
		normal: '"an-old-etag-of-22-chars"',
		worst: PATHOLOGICAL.ifNoneMatch,
	},
	{
		name: "If-Modified-Since, /feed.xml (200)",
		path: () => "/feed.xml",
		header: "If-Modified-Since",
		normal: "Thu, 01 Jan 2015 00:00:00 GMT",
		worst: PATHOLOGICAL.ifModifiedSince,
	},
	{
		name: "Accept, /feed (302)",
		path: () => "/feed",
		header: "Accept",
		normal: "application/atom+xml, application/rss+xml;q=0.9, */*;q=0.1",
		worst: PATHOLOGICAL.accept,
	},
	{ name: "path, to its canonical form (301)", path: (v) => v, normal: "/FEED.XML/", worst: PATHOLOGICAL.path },
	{
		name: "path naming nothing (404 page)",
		path: (v) => v,
		normal: "/people/joe-rusoo",
		worst: PATHOLOGICAL.missing,
	},
	{
		name: "query, /feed.json (400)",
		path: (v) => `/feed.json${v}`,
		normal: "?person=jon-russo&since=yesterday",
		worst: PATHOLOGICAL.query,
	},
];

export type HostileCpu = {
	name: string;
	normalMs: number;
	worstMs: number;
	/** The start of the worst value, quoted. */
	worst: string;
	/** The same two inputs sent to a trivial worker (the floor) in the same process: the runtime's own cost. */
	floorNormalMs: number;
	floorWorstMs: number;
};

/** One row per case: its worst value (the highest ratio to the ordinary one), `reps` times A B B A. */
export function hostileCpu(wrkBin: string, server: Server, o: { reps: number; seconds: number }): HostileCpu[] {
	const rows: HostileCpu[] = [];
	for (const c of CASES) {
		const cpu = (origin: string, value: string) =>
			cpuPer(wrkBin, server, `${origin}${c.path(value)}`, {
				seconds: o.seconds,
				...(c.header ? { header: `${c.header}: ${value}` } : {}),
			});
		let worst: { value: string; normalMs: number; worstMs: number } | undefined;
		for (const value of c.worst) {
			// A B B A, the ordinary value and this one in the same seconds, repeated; medians of each.
			const ordinary: number[] = [];
			const hostile: number[] = [];
			for (let rep = 0; rep < o.reps; rep++) {
				ordinary.push(cpu(server.url, c.normal));
				hostile.push(cpu(server.url, value), cpu(server.url, value));
				ordinary.push(cpu(server.url, c.normal));
			}
			const row = { value, normalMs: median(ordinary), worstMs: median(hostile) };
			if (!worst || row.worstMs / row.normalMs > worst.worstMs / worst.normalMs) worst = row;
		}
		if (!worst) continue;
		// The runtime's share: the baseline worker, which answers any path but its own with a short
		// 404 and reads no header, given the same bytes, A B B A.
		const floor = (value: string) => cpu(server.base, value);
		const [a, b, bAgain, aAgain] = [floor(c.normal), floor(worst.value), floor(worst.value), floor(c.normal)];
		rows.push({
			name: c.name,
			normalMs: worst.normalMs,
			worstMs: worst.worstMs,
			worst: JSON.stringify(worst.value.slice(0, 24)),
			floorNormalMs: (a + aAgain) / 2,
			floorWorstMs: (b + bAgain) / 2,
		});
	}
	return rows;
}
