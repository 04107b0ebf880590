import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { ORIGIN_PLACEHOLDER } from "../../src/content/types.ts";
import { stripXmlForbidden } from "./text.ts";

// Raw HTML in Markdown is allowed (editors paste embeds and tables) and then sanitized below.
const markdown = new MarkdownIt({
	html: true,
	linkify: true,
	typographer: false,
});

/** Absolute URLs stay as written; relative ones are resolved against the placeholder origin. */
function absolute(url: string): string {
	if (URL.canParse(url.trim())) return url;
	try {
		return new URL(url, `${ORIGIN_PLACEHOLDER}/`).href;
	} catch {
		return "";
	}
}

const resolveAttribute = (name: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
	const value = attribs[name];
	return {
		tagName,
		attribs: value === undefined ? attribs : { ...attribs, [name]: absolute(value) },
	};
};

/**
 * The allowlist for article HTML in feeds and pages: document structure and inline semantics,
 * links and images over http(s) (mailto for links); no scripts, styles, event handlers, forms or
 * frames. Relative URLs are made absolute against ORIGIN_PLACEHOLDER, which the Worker replaces
 * with the public origin, because feed readers resolve relative links inconsistently.
 */
const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: [
		"p",
		"br",
		"hr",
		"h2",
		"h3",
		"h4",
		"h5",
		"h6",
		"blockquote",
		"ul",
		"ol",
		"li",
		"dl",
		"dt",
		"dd",
		"strong",
		"em",
		"b",
		"i",
		"u",
		"s",
		"del",
		"ins",
		"mark",
		"small",
		"sub",
		"sup",
		"code",
		"pre",
		"kbd",
		"abbr",
		"cite",
		"q",
		"a",
		"img",
		"figure",
		"figcaption",
		"table",
		"thead",
		"tbody",
		"tfoot",
		"tr",
		"th",
		"td",
		"caption",
	],
	allowedAttributes: {
		a: ["href", "title"],
		img: ["src", "alt", "title", "width", "height"],
		abbr: ["title"],
		th: ["colspan", "rowspan", "scope"],
		td: ["colspan", "rowspan"],
		ol: ["start"],
		code: ["class"],
	},
	allowedClasses: { code: [/^language-[\w-]+$/] },
	allowedSchemes: ["http", "https", "mailto"],
	allowedSchemesByTag: { img: ["http", "https"] },
	allowProtocolRelative: false,
	disallowedTagsMode: "discard",
	transformTags: { a: resolveAttribute("href"), img: resolveAttribute("src") },
};

export type RenderedMarkdown = {
	html: string;
	/** Plain text of every block, one per line: what entity tagging reads. */
	text: string;
	/** Plain text of the first paragraph: the default summary. */
	firstParagraph: string;
};

type Token = ReturnType<typeof markdown.parse>[number];

function inlineText(token: Token): string {
	return (token.children ?? [])
		.map((child) =>
			child.type === "text" || child.type === "code_inline" ? child.content : child.type === "softbreak" ? " " : "",
		)
		.join("");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The text of sanitized HTML: tags dropped (block ends become line breaks), entities decoded. */
export function htmlToText(html: string): string {
	return html
		.replace(/<\/(p|li|h[2-6]|blockquote|pre|tr|dd|dt|figcaption|caption)>|<br\s*\/?>/gi, "\n")
		.replace(/<[^>]*>/g, "")
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
			e[0] === "#"
				? String.fromCodePoint(Number(e[1] === "x" || e[1] === "X" ? `0${e.slice(1)}` : e.slice(1)))
				: (ENTITIES[e.toLowerCase()] ?? m),
		)
		.replace(/[ \t]+/g, " ")
		.replace(/\n\s*/g, "\n")
		.trim();
}

export function renderMarkdown(source: string): RenderedMarkdown {
	const tokens = markdown.parse(source, {});
	let firstParagraph = "";
	tokens.forEach((token, i) => {
		if (!firstParagraph && token.type === "inline" && tokens[i - 1]?.type === "paragraph_open")
			firstParagraph = inlineText(token);
	});
	const html = stripXmlForbidden(sanitizeHtml(markdown.renderer.render(tokens, markdown.options, {}), SANITIZE)).trim();
	// Text for tagging and for "is there any text": what the sanitized HTML shows, so raw HTML
	// blocks count too, and attributes (URLs) do not.
	const text = htmlToText(html);
	return { html, text, firstParagraph: firstParagraph || (text.split("\n")[0] ?? "") };
}
