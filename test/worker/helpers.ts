import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect, onTestFinished, vi } from "vitest";
import { clock } from "../../src/clock.ts";
import { CONTENT_PATH, type Edition, editionAt } from "../../src/content/index.ts";
import worker from "../../src/index.ts";

export const ORIGIN = "http://reelfeed.test";

/** A path is on ORIGIN, even one that starts with "//" (which a URL would read as a host). */
const request = (path: string, init?: RequestInit) =>
	new Request(path.startsWith("//") ? `${ORIGIN}${path}` : new URL(path, ORIGIN), { redirect: "manual", ...init });

/** A request through the real Worker's fetch handler, inside workerd; redirects are not followed. */
export function get(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(request(path, init));
}

/**
 * A request as the deployed site answers it: Workers Static Assets first (the published images,
 * see vitest.config.ts), the Worker for every path they do not have. The Worker's fetch() alone
 * does not pass through the assets here, as it does in production and under `wrangler dev`.
 */
export async function served(path: string, init?: RequestInit): Promise<Response> {
	// wrangler.toml's run_worker_first: the content's files are the Worker's to answer (404), never served.
	if (path.startsWith(CONTENT_PATH)) return get(path, init);
	const asset = await (env as unknown as { ASSETS: Fetcher }).ASSETS.fetch(request(path, init));
	return asset.status === 404 ? get(path, init) : asset;
}

/**
 * Requests like get's, to the Worker's handler in this isolate under an execution context of the
 * test's own, so that the test can wait for what they leave running after their responses
 * (ctx.waitUntil: the edge cache's puts): `settled()` resolves once all of it has settled.
 */
export function inContext() {
	const ctx = createExecutionContext();
	return {
		get: async (path: string, init?: RequestInit): Promise<Response> => worker.fetch(request(path, init), env, ctx),
		settled: (): Promise<void> => waitOnExecutionContext(ctx),
	};
}

/**
 * Makes every Cache API put, for the rest of the test, finish `ms` later: a put that the Worker
 * does not give to ctx.waitUntil is then still missing once inContext()'s `settled()` resolves, as
 * it may never finish in production, where the runtime cancels what is left after the response.
 */
export function slowCachePuts(ms = 200): void {
	const put = Cache.prototype.put;
	const spy = vi.spyOn(Cache.prototype, "put").mockImplementation(async function (this: Cache, ...args) {
		await new Promise((resolve) => setTimeout(resolve, ms));
		return put.apply(this, args);
	});
	onTestFinished(() => spy.mockRestore());
}

/** A response that must be a 200, with its validators. */
export async function validators(path: string) {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	return { res, etag: res.headers.get("etag") as string, lastModified: res.headers.get("last-modified") as string };
}

/** The HTML of a page that must be there: a 200 of type text/html. */
export const page = async (path: string): Promise<string> => {
	const res = await get(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
	return res.text();
};

/** The feed URLs a page's alternate links advertise, in order. */
export const alternates = (html: string) =>
	[...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"/g)].map((m) => m[3]);

const REPEATED = new Set([
	"rss.channel.item",
	"rss.channel.atom:link",
	"rss.channel.item.category",
	"feed.link",
	"feed.entry",
	"feed.entry.link",
	"feed.entry.category",
]);

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: "@",
	textNodeName: "#text",
	cdataPropName: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	// Elements that may repeat are always arrays, whatever their count in a given feed.
	isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

/** Parses XML with a real parser after checking it is well-formed; throws on either failure. */
export function parseXml(text: string): Record<string, any> {
	const valid = XMLValidator.validate(text);
	if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
	return parser.parse(text);
}

/** The text of an element that fast-xml-parser may give as a string or as { "#text": … }. */
export const text = (node: unknown): string =>
	typeof node === "string"
		? node
		: node && typeof node === "object"
			? String((node as Record<string, unknown>)["#text"] ?? "")
			: "";

export const PEOPLE = [
	"joe-russo",
	"anthony-russo",
	"chris-hemsworth",
	"sam-hargrave",
	"rudhraksh-jaiswal",
	"david-harbour",
	"tom-holland",
];
export const FILMS = [
	"extraction",
	"extraction-2",
	"captain-america-the-winter-soldier",
	"captain-america-civil-war",
	"avengers-infinity-war",
	"avengers-endgame",
	"cherry",
];

/** The three seed articles, newest first, by slug. */
export const ARTICLES = {
	deal: "joe-russo-returns-to-write-extraction-2",
	sequelOrPrequel: "extraction-2-already-in-the-works",
	interview: "joe-russo-talks-extraction",
};

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** HTML text or an attribute value with its character references decoded. */
export const decodeHtml = (html: string): string =>
	html.replace(
		/&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-z]{2,6}));/g,
		(m, hex: string | undefined, dec: string | undefined, name: string) =>
			hex
				? String.fromCodePoint(Number.parseInt(hex, 16))
				: dec
					? String.fromCodePoint(Number(dec))
					: (NAMED[name] ?? m),
	);

/** An element found in HTML: its attributes, and the text inside it (descendants' included), decoded. */
export type Found = { attrs: Record<string, string>; text: string };

/**
 * The elements of an HTML document that match a CSS selector, in document order, found by
 * workerd's own streaming HTML parser (HTMLRewriter, lol-html).
 */
export async function select(html: string, selector: string): Promise<Found[]> {
	const found: Found[] = [];
	const open: Found[] = [];
	await new HTMLRewriter()
		.on(selector, {
			element(el) {
				const item = {
					attrs: Object.fromEntries([...el.attributes].map(([k, v]) => [k, decodeHtml(v ?? "")])),
					text: "",
				};
				found.push(item);
				try {
					el.onEndTag(() => {
						open.splice(open.indexOf(item), 1);
					});
					open.push(item);
				} catch {
					// A void element (<input>, <link>) has no end tag and no text.
				}
			},
		})
		.onDocument({
			text(chunk) {
				for (const item of open) item.text += chunk.text;
			},
		})
		.transform(new Response(html))
		.text();
	return found.map((f) => ({ ...f, text: decodeHtml(f.text) }));
}

/** The content as a request at the clock's time sees it: embargoed fixtures hidden (src/content/edition.ts). */
export const visible = (): Edition => editionAt(clock.now());
