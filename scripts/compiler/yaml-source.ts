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
