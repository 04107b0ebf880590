/** An article file split into its YAML front matter and its Markdown body, with line numbers. */
export type ArticleParts = {
	yaml: string;
	yamlFirstLine: number;
	body: string;
};

/**
 * Front matter is the block between a first line `---` and the next line `---` (or `...`), as in
 * Jekyll, Hugo and Astro. Returns undefined when the file does not start with one.
 */
export function splitFrontMatter(source: string): ArticleParts | undefined {
	const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
	const lines = text.split("\n");
	if (lines[0]?.trim() !== "---") return undefined;
	const end = lines.findIndex((line, i) => i > 0 && (line.trimEnd() === "---" || line.trimEnd() === "..."));
	if (end < 0) return undefined;
	return {
		yaml: lines.slice(1, end).join("\n"),
		yamlFirstLine: 2,
		body: lines.slice(end + 1).join("\n"),
	};
}
