import { isNode, LineCounter, parseDocument } from "yaml";
import { type ContentProblem, fieldPath } from "./errors.ts";

/** Parsed YAML that can say on which line of the file each field stands. */
export type YamlSource = {
	value: unknown;
	/** Line (1-based, in the whole file) of the node at `path`, or of its nearest existing parent. */
	lineOf(path: readonly PropertyKey[]): number;
};

/**
 * Parses YAML text that starts at `firstLine` of `file`. Uses the YAML 1.2 core schema, so
 * `date: 2020-05-05` stays a string and is validated by our own date rules.
 */
export function parseYaml(
	file: string,
	text: string,
	firstLine: number,
	problems: ContentProblem[],
): YamlSource | undefined {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {
		lineCounter,
		schema: "core",
		uniqueKeys: true,
		prettyErrors: false,
	});
	if (doc.errors.length > 0) {
		for (const error of doc.errors) {
			const line = firstLine - 1 + lineCounter.linePos(error.pos[0]).line;
			problems.push({
				file,
				line,
				field: "",
				message: `YAML syntax: ${error.message.split("\n")[0]}`,
			});
		}
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
	return { value: doc.toJS(), lineOf };
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
