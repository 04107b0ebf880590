import { afterEach, describe, expect, it, vi } from "vitest";
import { REVEAL_WINDOW_MS, revealedFeeds } from "../../src/feeds/reveals.ts";
import { RETRY } from "../../src/feeds/websub.ts";
import { publishReveals } from "../../src/scheduled.ts";
import { get, ORIGIN, parseXml, text } from "./helpers.ts";

/**
 * The fixtures name two hubs (test/fixtures/content/site.yaml), and one article is embargoed until
 * 2100-01-01T09:00Z: every feed names the hubs, and the Cron Trigger tells them of the feeds that
 * article's reveal changes, once. The hubs here are a double that records what it is sent.
 */
const HUBS = ["https://hub.example.org/", "https://websub.example.net/publish"];
const REVEAL = Date.parse("2100-01-01T09:00:00Z");
const PUBLIC = "https://reelfeed.example";

/** A hub double: records each publish notification; answers each hub with the statuses given, in turn. */
function hubDouble(statuses: Record<string, number[]> = {}) {
	const received: { hub: string; mode: string; topic: string }[] = [];
	const fetchFn = async (url: string, init: RequestInit) => {
		const form = new URLSearchParams(String(init.body));
		expect(init.method).toBe("POST");
		expect(new Headers(init.headers).get("content-type")).toBe("application/x-www-form-urlencoded");
		received.push({ hub: url, mode: form.get("hub.mode") ?? "", topic: form.get("hub.url") ?? "" });
		const status = statuses[url]?.shift() ?? 204;
		return new Response(null, { status });
	};
	return { received, fetchFn };
}
const noWait = () => Promise.resolve();

afterEach(() => vi.restoreAllMocks());

describe("every feed names the WebSub hubs", () => {
	it("in RSS, Atom, JSON Feed and the Link header, with its own URL", async () => {
		const rss = await get("/feed/person/joe-russo.xml");
		const links = parseXml(await rss.text()).rss.channel["atom:link"];
		expect(links.filter((l: any) => l["@rel"] === "hub").map((l: any) => l["@href"])).toEqual(HUBS);
		expect(links.find((l: any) => l["@rel"] === "self")["@href"]).toBe(`${ORIGIN}/feed/person/joe-russo.xml`);
		expect(rss.headers.get("link")).toBe(
			`<${HUBS[0]}>; rel="hub", <${HUBS[1]}>; rel="hub", <${ORIGIN}/feed/person/joe-russo.xml>; rel="self"`,
		);
		const atom = parseXml(await (await get("/feed.atom")).text()).feed;
		expect(atom.link.filter((l: any) => l["@rel"] === "hub").map((l: any) => l["@href"])).toEqual(HUBS);
		const json = await (await get("/feed.json")).json<any>();
		expect(json.hubs).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
		// With hubs, a reader may poll hourly: changes are pushed (see feedFreshness).
		expect(text(parseXml(await (await get("/feed.xml")).text()).rss.channel.ttl)).toBe("60");
	});

	it("but a filtered or paged feed, which no hub is told of, names none, and is kept 5 minutes", async () => {
		for (const path of [
			"/feed.json?person=joe-russo",
			"/feed.json?limit=1",
			"/feed/person/joe-russo.json?since=2020-05-01",
		]) {
			const res = await get(path);
			expect((await res.json<any>()).hubs, path).toBeUndefined();
			expect(res.headers.get("link") ?? "", path).not.toContain('rel="hub"');
			expect(res.headers.get("cache-control"), path).toBe(
				"public, max-age=300, s-maxage=3600, stale-while-revalidate=86400",
			);
		}
		const rss = parseXml(await (await get("/feed.xml?film=extraction")).text()).rss.channel;
		expect(text(rss.ttl)).toBe("5");
	});
});

describe("the Cron Trigger, when an embargo lifts", () => {
	it("tells each hub of the site's feed and of every feed the revealed article is in, in every format", async () => {
		const hub = hubDouble();
		const report = await publishReveals(REVEAL + 20_000, hub.fetchFn, noWait, PUBLIC);
		const scopes = revealedFeeds(REVEAL - 1, REVEAL);
		// The site, and the entities the article names that have feeds: the person it reveals among them.
		expect(scopes).toContainEqual({ type: "site" });
		expect(scopes).toContainEqual({ type: "person", slug: "golshifteh-farahani" });
		expect(scopes).toContainEqual({ type: "person", slug: "chris-hemsworth" });
		expect(scopes).toContainEqual({ type: "author", slug: "theo-okafor" });
		expect(scopes).not.toContainEqual({ type: "person", slug: "tom-holland" });
		const topics = [...new Set(hub.received.map((r) => r.topic))].sort();
		expect(topics).toContain(`${PUBLIC}/feed.xml`);
		expect(topics).toContain(`${PUBLIC}/feed/person/golshifteh-farahani.json`);
		expect(topics).toHaveLength(scopes.length * 3);
		for (const h of HUBS) expect(hub.received.filter((r) => r.hub === h)).toHaveLength(topics.length);
		expect(hub.received.every((r) => r.mode === "publish")).toBe(true);
		expect(report?.failed).toEqual([]);
	});

	it("tells them once: the run of the minute before and of the minute after send nothing", async () => {
		for (const at of [REVEAL - 1, REVEAL + REVEAL_WINDOW_MS, REVEAL + 5 * REVEAL_WINDOW_MS]) {
			const hub = hubDouble();
			expect(await publishReveals(at, hub.fetchFn, noWait, PUBLIC)).toBeUndefined();
			expect(hub.received).toEqual([]);
		}
		// The run whose minute ends exactly at the instant includes it.
		const hub = hubDouble();
		await publishReveals(REVEAL, hub.fetchFn, noWait, PUBLIC);
		expect(hub.received.length).toBeGreaterThan(0);
	});

	it("retries a hub that fails, with backoff, and reports a hub that keeps failing, failing the run", async () => {
		const waits: number[] = [];
		const flaky = hubDouble({ [HUBS[0] as string]: [503, 502], [HUBS[1] as string]: Array(100).fill(500) });
		const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
		await expect(
			publishReveals(
				REVEAL + 1,
				flaky.fetchFn,
				async (ms) => {
					waits.push(ms);
				},
				PUBLIC,
			),
		).rejects.toThrow(/notification\(s\) failed after retries/);
		// The first hub got every topic in the end (the first two tries failed: one topic took three).
		const first = flaky.received.filter((r) => r.hub === HUBS[0]);
		const topics = new Set(first.map((r) => r.topic));
		expect(first.length).toBe(topics.size + 2);
		// The second was tried RETRY.attempts times for each, waiting 0.5, 1, 2 s between tries.
		expect(flaky.received.filter((r) => r.hub === HUBS[1])).toHaveLength(topics.size * RETRY.attempts);
		expect(waits).toContain(RETRY.firstDelayMs * 4);
		const logged = errors.mock.calls.map((c) => String(c[0])).join("\n");
		expect(logged).toContain(`FAILED ${HUBS[1]} ← ${PUBLIC}/feed.xml: HTTP 500 (after ${RETRY.attempts} attempts)`);
	});

	it("says why it cannot tell the hubs when the site has no base URL", async () => {
		await expect(publishReveals(REVEAL + 1, hubDouble().fetchFn, noWait)).rejects.toThrow(/no base_url/);
	});
});
