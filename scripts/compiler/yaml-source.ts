import { type Document, isNode, LineCounter, parseDocument, visit, type YAMLError } from "yaml";
import { type ContentProblem, fieldPath } from "./errors.ts";
import { cleanText, cleanValue } from "./text.ts";

/** Parsed YAML that can say on which line of the file each field stands. */
export type YamlSource = {
	/** The value, every string in it cleaned of characters no output may carry (see cleanText). */
	value: unknown;
	/** Line (1-based, in the whole file) of the node at `path`, or of its nearest existing parent. */
	lineOf(path: readonly PropertyKey[]): number;
};

/**
 * Parses YAML text that starts at `firstLine` of `file`. Uses the YAML 1.2 core schema, so
 * `date: 2020-05-05` stays a string and is validated by our own date rules.
 *
 * A syntax error is reported once, at the line the parser found it: what the parser says after
 * its first error is mostly the same mistake seen again, and what it recovers of the document is
 * a guess, so nothing else is read from a document that has one.
 */
export function parseYaml(
	file: string,
	text: string,
	firstLine: number,
	problems: ContentProblem[],
): YamlSource | undefined {
	const clean = cleanText(text);
	return simpleFields(clean, firstLine) ?? parseYamlFully(file, clean, firstLine, problems);
}

/** parseYaml through the YAML library, whatever the text: what simpleFields must agree with. */
export function parseYamlFully(
	file: string,
	text: string,
	firstLine: number,
	problems: ContentProblem[],
): YamlSource | undefined {
	const lineCounter = new LineCounter();
	const doc = parseDocument(cleanText(text), {
		lineCounter,
		schema: "core",
		uniqueKeys: true,
		prettyErrors: false,
	});
	const [error] = doc.errors;
	if (error) {
		const { at, message } = locate(doc, error);
		problems.push({
			file,
			line: firstLine - 1 + lineCounter.linePos(at).line,
			field: "",
			message: `YAML syntax: ${message}`,
		});
		return undefined;
	}
	const lineOf = (path: readonly PropertyKey[]): number => {
		for (let depth = path.length; depth >= 0; depth--) {
			const node = doc.getIn(path.slice(0, depth) as unknown[], true);
			if (isNode(node) && node.range) return firstLine - 1 + lineCounter.linePos(node.range[0]).line;
			if (depth === 0 && doc.contents?.range) return firstLine - 1 + lineCounter.linePos(doc.contents.range[0]).line;
		}
		return firstLine;
	};
	return { value: cleanValue(doc.toJS()), lineOf };
}

/**
 * Where a syntax error really is. The parser finds an unclosed quote only where the file ends;
 * the editor needs the line where it was opened.
 */
function locate(doc: Document, error: YAMLError): { at: number; message: string } {
	const message = error.message.split("\n")[0] as string;
	if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
		let opened: number | undefined;
		visit(doc, {
			Scalar(_, node) {
				if (
					(node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") &&
					node.range &&
					node.range[1] >= error.pos[0]
				)
					opened ??= node.range[0];
			},
		});
		if (opened !== undefined) return { at: opened, message: "a quote opened here is never closed" };
	}
	return { at: error.pos[0], message };
}

/** Records a problem at the line of `path`. */
export function problemAt(
	problems: ContentProblem[],
	file: string,
	source: YamlSource,
	path: readonly PropertyKey[],
	message: string,
): void {
	problems.push({
		file,
		line: source.lineOf(path),
		field: fieldPath(path),
		message,
	});
}

/**
 * The front matter almost every article has, read without the YAML library: lines of
 * `key: value` at the margin, where a value is a quoted string on its line, a plain string, or a
 * flow list of plain strings (`authors: [brel-vun]`). The library's parse is a quarter of what
 * compiling an article costs (its composer and document model are built for the whole of YAML),
 * and a million-article build spends minutes in it.
 *
 * Anything else declines (undefined), and the library reads the text: a comment, an indented or
 * continued line, a tab, a block list or map, an escape, an anchor or tag, a key twice, a plain
 * value the core schema reads as a number, a boolean or null. What is accepted is what the library
 * makes of it, value and lines: yaml-source.test.ts checks the two against each other on
 * generated front matter, the cases that decline included.
 */
export function simpleFields(text: string, firstLine: number): YamlSource | undefined {
	// The text is clean (see cleanText), and so is every part of it taken as a value.
	if (/[\t\r]/.test(text)) return undefined;
	const value: Record<string, unknown> = {};
	const lines: Record<string, number> = {};
	let first: number | undefined;
	let at = 0;
	let line = firstLine;
	for (; at <= text.length; line++) {
		let end = text.indexOf("\n", at);
		if (end < 0) end = text.length;
		const row = text.slice(at, end);
		at = end + 1;
		if (row === "") continue;
		const field = FIELD.exec(row);
		if (!field) return undefined;
		const [, key, raw] = field as unknown as [string, string, string];
		if (Object.hasOwn(lines, key) || key === "__proto__" || CORE_WORD.test(key)) return undefined;
		const read = fieldValue(raw);
		if (read === undefined) return undefined;
		value[key] = read;
		lines[key] = line;
		first ??= line;
	}
	if (first === undefined) return undefined;
	const start = first;
	const lineOf = (path: readonly PropertyKey[]): number => {
		if (path.length === 0) return start;
		const key = path[0];
		return typeof key === "string" && Object.hasOwn(lines, key) ? (lines[key] as number) : start;
	};
	return { value, lineOf };
}

/** A field at the margin: a key, a colon, spaces, and a value on the same line that does not end in a space. */
const FIELD = /^([A-Za-z_][A-Za-z0-9_]*): +(\S(?:.*\S)?)$/;
/** Keys and plain values the core schema reads as null or a boolean. */
const CORE_WORD = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** What the core schema reads as a number (the tests of yaml's schema/core int.js and float.js). */
const NUMBER =
	/^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** A quoted string, a plain string or a flow list of plain strings; undefined for anything else. */
function fieldValue(raw: string): string | string[] | undefined {
	const open = raw[0];
	if (open === '"') return /^"[^"\\]*"$/.test(raw) ? raw.slice(1, -1) : undefined;
	if (open === "'") return /^'(?:[^']|'')*'$/.test(raw) ? raw.slice(1, -1).replaceAll("''", "'") : undefined;
	if (open === "[") {
		if (!raw.endsWith("]")) return undefined;
		const inner = raw.slice(1, -1);
		if (/^ *$/.test(inner)) return [];
		const items: string[] = [];
		for (const part of inner.split(",")) {
			const item = part.replace(/^ +| +$/g, "");
			if (!plain(item, true)) return undefined;
			items.push(item);
		}
		return items;
	}
	return plain(raw, false) ? raw : undefined;
}

/**
 * A plain scalar the core schema reads as this very string: it starts with no indicator, holds no
 * `: ` (nor, in a flow list, a bracket, brace or comma), does not end in a colon, and is neither a
 * number, a boolean nor null.
 */
function plain(text: string, flow: boolean): boolean {
	if (
		text === "" ||
		/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(text) ||
		text.endsWith(":") ||
		text.includes(": ") ||
		text.includes(" #")
	)
		return false;
	if (flow && /[[\]{},"']/.test(text)) return false;
	return !CORE_WORD.test(text) && !NUMBER.test(text);
}
