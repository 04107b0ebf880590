import { exports } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";

export const ORIGIN = "http://reelfeed.test";

/** A request through the real Worker's fetch handler, inside workerd; redirects are not followed. */
export function get(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(new URL(path, ORIGIN), { redirect: "manual", ...init }));
}

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
