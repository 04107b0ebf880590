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
 * The front matter almost every article has, and the registries' entries, read without the YAML
 * library: lines of `key: value` at the margin (front matter), or a list of such fields, each
 * entry's first line starting `- ` and the others indented two spaces (a registry). A value is a
 * quoted string on its line, a plain string, a whole number, a flow list of plain or quoted
 * strings (`authors: [brel-vun]`), or, under a key alone, a map of such fields indented two spaces
 * more (`image:`). The library's parse was a quarter of what compiling an article cost (its
 * composer and document model are built for the whole of YAML), and 8 s of each compiling
 * thread's start on a million-article archive's registries (0.6 s this way).
 *
 * Anything else declines (undefined), and the library reads the text: a comment, a continued line,
 * a tab, a block list, a map in a map, an escape, an anchor or tag, a key twice, a key with nothing
 * under it, a plain value the core schema reads as a boolean, null or a number other than a whole
 * one. What is accepted is what the library makes of it, value and lines: yaml-source.test.ts
 * checks the two against each other on generated front matter and registries, the cases that
 * decline included.
 */
export function simpleFields(text: string, firstLine: number): YamlSource | undefined {
	// The text is clean (see cleanText), and so is every part of it taken as a value.
	if (/[\t\r]/.test(text)) return undefined;
	/** A map's values, each field's line, its first line, and the maps in it by key. */
	type Fields = {
		value: Record<string, unknown>;
		lines: Record<string, number>;
		start: number;
		inner: Record<string, Fields>;
	};
	const fieldsAt = (start: number): Fields => ({ value: {}, lines: {}, start, inner: {} });
	const maps: Fields[] = [];
	let list: boolean | undefined;
	/** The field whose value is a map (`image:`), and the map, while its lines are read. */
	let opened: { key: string; map?: Fields } | undefined;
	const close = (fields: Fields | undefined): boolean => {
		if (!opened) return true;
		const { key, map } = opened;
		opened = undefined;
		// A key with nothing under it is null: left to the library.
		if (!map || !fields) return false;
		fields.value[key] = map.value;
		fields.lines[key] = map.start;
		fields.inner[key] = map;
		return true;
	};
	let at = 0;
	for (let line = firstLine; at <= text.length; line++) {
		let end = text.indexOf("\n", at);
		if (end < 0) end = text.length;
		let row = text.slice(at, end);
		at = end + 1;
		if (row === "") continue;
		list ??= row.startsWith("- ");
		let fields = maps.at(-1);
		if (list) {
			if (row.startsWith("- ")) {
				if (!close(fields)) return undefined;
				fields = undefined;
			} else if (!row.startsWith("  ") || !fields) return undefined;
			row = row.slice(2);
		}
		if (opened && row.startsWith("  ")) {
			// A line of the map a field opened, indented two spaces more.
			opened.map ??= fieldsAt(line);
			fields = opened.map;
			row = row.slice(2);
		} else if (!close(fields)) return undefined;
		if (!fields) {
			fields = fieldsAt(line);
			maps.push(fields);
		}
		const field = FIELD.exec(row);
		if (!field) return undefined;
		const [, key, colon, raw] = field as unknown as [string, string, string, string | undefined];
		if (Object.hasOwn(fields.lines, key) || key === "__proto__" || CORE_WORD.test(key)) return undefined;
		if (raw === undefined) {
			// `key:` alone opens a map, at the margin or in a list's entry, not in a map opened so.
			if (colon !== ":" || fields === opened?.map || opened) return undefined;
			opened = { key };
			fields.lines[key] = line;
			continue;
		}
		const read = fieldValue(raw);
		if (read === undefined) return undefined;
		fields.value[key] = read;
		fields.lines[key] = line;
	}
	if (!close(maps.at(-1))) return undefined;
	const [first] = maps;
	if (!first) return undefined;
	/** The line of the node at `path` in `fields`, or of its nearest parent there is. */
	const lineIn = (fields: Fields, path: readonly PropertyKey[]): number => {
		const key = path[0];
		if (typeof key !== "string" || !Object.hasOwn(fields.lines, key)) return fields.start;
		const inner = fields.inner[key];
		return inner && path.length > 1 ? lineIn(inner, path.slice(1)) : (fields.lines[key] as number);
	};
	if (!list) return { value: first.value, lineOf: (path) => lineIn(first, path) };
	return {
		value: maps.map((fields) => fields.value),
		lineOf(path) {
			if (path.length === 0) return first.start;
			// An index as the library takes one: a whole number, or a string of one.
			const index = typeof path[0] === "string" && path[0] !== "" ? Number(path[0]) : path[0];
			const fields = typeof index === "number" && Number.isInteger(index) && index >= 0 ? maps[index] : undefined;
			return fields ? lineIn(fields, path.slice(1)) : first.start;
		},
	};
}

/**
 * A field: a key, a colon, spaces, and a value on the same line that does not end in a space; or
 * a key and a colon alone, which opens a map on the lines below.
 */
const FIELD = /^([A-Za-z_][A-Za-z0-9_]*)(:$|: +(\S(?:.*\S)?)$)/;
/** Keys and plain values the core schema reads as null or a boolean. */
const CORE_WORD = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** What the core schema reads as a number (the tests of yaml's schema/core int.js and float.js). */
const NUMBER =
	/^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** A quoted string, a plain string, a whole number, or a flow list of strings; undefined for anything else. */
function fieldValue(raw: string): string | number | string[] | undefined {
	const open = raw[0];
	// A width or a year: digits, as many as a double holds exactly.
	if (/^(?:0|[1-9][0-9]{0,14})$/.test(raw)) return Number(raw);
	if (open === '"') return /^"[^"\\]*"$/.test(raw) ? raw.slice(1, -1) : undefined;
	if (open === "'") return /^'(?:[^']|'')*'$/.test(raw) ? raw.slice(1, -1).replaceAll("''", "'") : undefined;
	if (open === "[") {
		if (!raw.endsWith("]")) return undefined;
		const inner = raw.slice(1, -1);
		if (/^ *$/.test(inner)) return [];
		const items: string[] = [];
		for (const part of inner.split(",")) {
			const item = part.replace(/^ +| +$/g, "");
			// Quoted, with no comma inside (the list is split at each), or plain.
			if (/^(?:"[^"\\,]*"|'[^',]*')$/.test(item)) items.push(item.slice(1, -1));
			else if (plain(item, true)) items.push(item);
			else return undefined;
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
