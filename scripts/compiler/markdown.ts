import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { ORIGIN_PLACEHOLDER } from "../../src/content/types.ts";
import { cleanText } from "./text.ts";

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
const SANITIZE = {
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
} satisfies sanitizeHtml.IOptions;

/**
 * What an image in the text that names a file of the site ("images/still.jpg", "/images/…") is
 * published as: its widest size's path and dimensions, or why it cannot be. Undefined for an
 * image elsewhere on the web, which stays as written.
 */
export type BodyImages = (
	path: string,
) => { ok: true; path: string; width: number; height: number } | { ok: false; message: string } | undefined;

/** An image of the text that names no publishable file: its src as written, and why. */
export type BodyImageProblem = { src: string; message: string };

export type RenderedMarkdown = {
	html: string;
	/** Plain text of every block, one per line: what entity tagging reads. */
	text: string;
	/** Plain text of the first paragraph: the default summary. */
	firstParagraph: string;
	/** Images of the text that name a file of the site that cannot be published. */
	imageProblems: BodyImageProblem[];
};

/** The sanitizer's options for one article: its local images resolved by `images`. */
function sanitizeOptions(images: BodyImages, problems: BodyImageProblem[]): sanitizeHtml.IOptions {
	const local = `${ORIGIN_PLACEHOLDER}/images/`;
	return {
		...SANITIZE,
		transformTags: {
			a: resolveAttribute("href"),
			img: (tagName, attribs) => {
				const src = attribs.src === undefined ? undefined : absolute(attribs.src);
				if (src === undefined || !src.startsWith(local)) return resolveAttribute("src")(tagName, attribs);
				let path: string;
				try {
					path = decodeURIComponent(new URL(src).pathname);
				} catch {
					path = src.slice(ORIGIN_PLACEHOLDER.length);
				}
				const found = images(path);
				if (!found?.ok) {
					problems.push({ src: attribs.src as string, message: found?.message ?? "is not a published image" });
					return { tagName, attribs };
				}
				return {
					tagName,
					attribs: {
						...attribs,
						src: ORIGIN_PLACEHOLDER + found.path,
						width: String(found.width),
						height: String(found.height),
					},
				};
			},
		},
	};
}

type Token = ReturnType<typeof markdown.parse>[number];

function inlineText(token: Token): string {
	return (token.children ?? [])
		.map((child) =>
			child.type === "text" || child.type === "code_inline" ? child.content : child.type === "softbreak" ? " " : "",
		)
		.join("");
}

const ENTITIES = new Map([
	["amp", "&"],
	["lt", "<"],
	["gt", ">"],
	["quot", '"'],
	["apos", "'"],
	["nbsp", "\u00a0"],
]);

/** A numeric character reference's character, or nothing for a code point that does not exist. */
function fromCodePoint(digits: string, radix: number): string {
	const code = Number.parseInt(digits, radix);
	return code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

/**
 * The text of sanitized HTML: tags dropped (block ends become line breaks), character references
 * decoded, and what that decodes cleaned like every other string (a `&#1;` is no character at all).
 */
export function htmlToText(html: string): string {
	return cleanText(
		html
			.replace(/<\/(p|li|h[2-6]|blockquote|pre|tr|dd|dt|figcaption|caption)>|<br\s*\/?>/gi, "\n")
			.replace(/<[^>]*>/g, "")
			.replace(
				/&(?:#[xX]([0-9a-fA-F]{1,8})|#(\d{1,10})|([a-zA-Z]{1,10}));/g,
				(m, hex?: string, dec?: string, name?: string) =>
					hex !== undefined
						? fromCodePoint(hex, 16)
						: dec !== undefined
							? fromCodePoint(dec, 10)
							: (ENTITIES.get((name as string).toLowerCase()) ?? m),
			)
			.replace(/[ \t]+/g, " ")
			.replace(/\n\s*/g, "\n")
			.trim(),
	);
}

export function renderMarkdown(source: string, images: BodyImages = () => undefined): RenderedMarkdown {
	const tokens = markdown.parse(source, {});
	let firstParagraph = "";
	tokens.forEach((token, i) => {
		if (!firstParagraph && token.type === "inline" && tokens[i - 1]?.type === "paragraph_open")
			firstParagraph = inlineText(token);
	});
	const imageProblems: BodyImageProblem[] = [];
	const html = cleanText(
		sanitizeHtml(markdown.renderer.render(tokens, markdown.options, {}), sanitizeOptions(images, imageProblems)),
	).trim();
	// Text for tagging and for "is there any text": what the sanitized HTML shows, so raw HTML
	// blocks count too, and attributes (URLs) do not.
	const text = htmlToText(html);
	return { html, text, firstParagraph: cleanText(firstParagraph) || (text.split("\n")[0] ?? ""), imageProblems };
}
