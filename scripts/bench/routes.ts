/**
 * The routes the throughput rounds measure. Each has an id, and names the route it is compared
 * with by id: a route runs right after that baseline, the two as A B B A (`roundSteps`).
 */
import { join } from "node:path";
import { z } from "zod";
import { ROOT } from "./paths.ts";
import { type Endpoints, type Statics, staticCopy } from "./workerd.ts";

/** The warm feeds, each compared with a static copy of its own response. */
export type WarmId =
	| "site-xml"
	| "site-atom"
	| "site-json"
	| "person-xml"
	| "person-atom"
	| "person-json"
	| "person-film-json"
	| "page-2-json";

export type RouteId =
	| "floor"
	| "revalidated-xml"
	| WarmId
	| `copy-${WarmId}`
	| "aa-copy"
	| "aa-copy-again"
	| "uncached-20-xml"
	| "uncached-100-xml";

export type Route = {
	id: RouteId;
	name: string;
	/** What a ratio to this route is labelled, where not by its name. */
	short?: string;
	/** Who answers: reelfeed, or the baseline worker beside it (bench/baseline.js). */
	worker: "reelfeed" | "baseline";
	path: string;
	/** For a static copy, served by the baseline worker at `path`: the warm feed whose response it copies. */
	copyOf?: WarmId;
	/** One request header, as `Name: value`. */
	header?: string;
	/** A Lua script that makes each request (bench/uncached.lua), and the environment it reads. */
	lua?: string;
	env?: Record<string, string>;
	/** The route this one's throughput is compared with, in the same rounds. */
	baseline?: RouteId;
};

const Entry = z.object({ slug: z.string(), article_count: z.number(), feeds: z.unknown() });
const Directory = z.object({ people: z.array(Entry).optional(), films: z.array(Entry).optional() });

/** The person or film with the most articles, from the directory API. */
export async function topEntity(
	server: Pick<Endpoints, "url">,
	what: "people" | "films",
): Promise<{ slug: string; article_count: number }> {
	const directory = Directory.parse(await (await fetch(`${server.url}/api/${what}.json`)).json());
	const [top] = [...(directory[what] ?? [])].filter((e) => e.feeds).sort((a, b) => b.article_count - a.article_count);
	if (!top) throw new Error(`no ${what} with feeds in the directory`);
	return top;
}

/** The routes as this server's corpus has them: its heaviest person and film, its page 2, its ETag. */
export async function routesFor(server: Pick<Endpoints, "url">): Promise<Route[]> {
	const top = (what: "people" | "films") => topEntity(server, what);
	const person = await top("people");
	const film = await top("films");
	const first = await fetch(`${server.url}/feed.json?limit=5`);
	const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
	const etag = (await fetch(`${server.url}/feed.xml`)).headers.get("etag");
	const revalidated = await fetch(`${server.url}/feed.xml`, { headers: { "if-none-match": `${etag}` } });
	if (revalidated.status !== 304) throw new Error(`the 304 route answered ${revalidated.status}`);
	const lua = join(ROOT, "bench/uncached.lua");
	const feed = (id: WarmId, name: string, path: string) => ({ id, name, path });
	/** Warm feeds, each right after a static copy of its own response (body and headers), and compared with it. */
	const warm = [
		feed("site-xml", "site feed .xml", "/feed.xml"),
		feed("site-atom", "site feed .atom", "/feed.atom"),
		feed("site-json", "site feed .json", "/feed.json"),
		feed("person-xml", `heavy person .xml (${person.article_count} articles)`, `/feed/person/${person.slug}.xml`),
		feed("person-atom", "heavy person .atom", `/feed/person/${person.slug}.atom`),
		feed("person-json", "heavy person .json", `/feed/person/${person.slug}.json`),
		feed("person-film-json", "person + film filter .json", `/feed.json?person=${person.slug}&film=${film.slug}`),
		feed(
			"page-2-json",
			"page 2 .json (limit 5)",
			next ? new URL(next).pathname + new URL(next).search : "/feed.json?limit=5",
		),
	].flatMap(({ id, name, path }, k): Route[] => [
		{ id: `copy-${id}`, name: `static copy: ${name}`, worker: "baseline", path: `/static/${k}`, copyOf: id },
		{ id, name, worker: "reelfeed", path, baseline: `copy-${id}` },
	]);
	const uncached = (id: RouteId, name: string, env: Record<string, string>): Route => ({
		id,
		name,
		worker: "reelfeed",
		path: "",
		lua,
		env,
		baseline: "copy-site-xml",
	});
	return [
		// Each route runs next to what it is compared with: the 304 beside the floor.
		{ id: "floor", name: "floor (fixed string)", short: "floor", worker: "baseline", path: "/floor" },
		{
			id: "revalidated-xml",
			name: "304 revalidation .xml",
			worker: "reelfeed",
			path: "/feed.xml",
			header: `If-None-Match: ${etag}`,
			baseline: "floor",
		},
		...warm,
		// An A/A control: the site feed's static copy against itself, run as the feeds are. Its
		// ratio would be 1.00 on a steady machine; how far it lands from 1 is how far a feed's
		// ratio can land from its true value in one run.
		{ id: "aa-copy", name: "A/A control: copy", worker: "baseline", path: "/static/0" },
		{
			id: "aa-copy-again",
			name: "A/A control: copy again",
			worker: "baseline",
			path: "/static/0",
			baseline: "aa-copy",
		},
		uncached("uncached-20-xml", "uncached render, 20 items .xml", { REELFEED_BENCH_PATH: "/feed.xml" }),
		uncached("uncached-100-xml", "uncached render, 100 items .xml", {
			REELFEED_BENCH_PATH: "/feed.xml",
			REELFEED_BENCH_SUFFIX: "&limit=100",
		}),
	];
}

export function routeById(routes: readonly Route[], id: RouteId): Route {
	const route = routes.find((r) => r.id === id);
	if (!route) throw new Error(`no route ${id}`);
	return route;
}

/** The static copy of a route's own response, when that is what it is compared with. */
export function ownCopy(routes: readonly Route[], route: Route): Route | undefined {
	const baseline = routes.find((r) => r.id === route.baseline);
	return baseline?.copyOf === route.id ? baseline : undefined;
}

/** The URL a route is requested at on a corpus's server. */
export const urlOf = (server: Endpoints, route: Route) =>
	(route.worker === "baseline" ? server.base : server.url) + route.path;

/**
 * The static copies the baseline worker serves, by path: each copy route's warm feed as this
 * server answers it, body and headers.
 */
export async function staticCopies(server: Pick<Endpoints, "url">, routes: readonly Route[]): Promise<Statics> {
	const statics: Statics = {};
	for (const route of routes) {
		if (route.copyOf) statics[route.path] = await staticCopy(`${server.url}${routeById(routes, route.copyOf).path}`);
	}
	return statics;
}

/**
 * The order of a round, as runs: each route right after the baseline it is compared with, the two
 * as A B B A (each figure is then the mean of two runs around the same instant, so a drift in the
 * machine's speed over those seconds cancels out of their ratio, where A B would give it all to
 * one side); every other route alone.
 */
export function roundSteps(routes: readonly Route[]): RouteId[][] {
	const steps: RouteId[][] = [];
	for (const route of routes) {
		const [alone, ...others] = steps.at(-1) ?? [];
		if (alone && others.length === 0 && route.baseline === alone)
			steps[steps.length - 1] = [alone, route.id, route.id, alone];
		else steps.push([route.id]);
	}
	return steps;
}
