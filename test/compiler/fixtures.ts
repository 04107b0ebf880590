import { join } from "node:path";
import { type ContentSources, compileContent, type SourceFile } from "../../scripts/compiler/compile.ts";
import { ContentError, type ContentProblem } from "../../scripts/compiler/errors.ts";

export const SITE = `title: Test site
description: A site for tests.
language: en
id_authority: example.org,2026
author:
  name: Test Editors
`;

export const PEOPLE = `- slug: joe-russo
  name: Joe Russo
  description: Director.
- slug: anthony-russo
  name: Anthony Russo
  description: Director.
- slug: chris-hemsworth
  name: Chris Hemsworth
  aliases: [Hemsworth]
  description: Actor.
`;

export const FILMS = `- slug: extraction
  title: Extraction
  year: 2020
  description: A film.
- slug: extraction-2
  title: Extraction 2
  year: 2023
  description: Its sequel.
- slug: magic-the-gathering
  title: "Magic: The Gathering"
  kind: game
  description: A game.
`;

export const AUTHORS = `- slug: mara-lindqvist
  name: Mara Lindqvist
  description: Reporter.
`;

export const SERIES = `- slug: the-simpsons
  title: The Simpsons
  description: A series.
`;

export const article = (name: string, frontMatter: string, body = "Some text.\n"): SourceFile => ({
	path: `content/articles/${name}`,
	text: `---\n${frontMatter}---\n${body}`,
});

/** A small valid content set; tests replace one file to break it. */
export function sources(overrides: Partial<ContentSources> = {}): ContentSources {
	return {
		site: { path: "content/site.yaml", text: SITE },
		people: { path: "content/people.yaml", text: PEOPLE },
		films: { path: "content/films.yaml", text: FILMS },
		series: { path: "content/series.yaml", text: SERIES },
		authors: { path: "content/authors.yaml", text: AUTHORS },
		articles: [article("first.md", "title: First\ndate: 2020-05-05\n", "Joe Russo wrote Extraction 2.\n")],
		...overrides,
	};
}

/** Compiles, expecting failure (at the build's clock `now`, if given), and returns the problems found. */
export function problems(input: ContentSources, options: { now?: number } = {}): ContentProblem[] {
	try {
		compileContent(input, options);
	} catch (error) {
		if (error instanceof ContentError) return error.problems;
		throw error;
	}
	throw new Error("the content compiled, but it should not have");
}

/**
 * The arguments of a build of `content` into `root`/`name`/ (its build cache beside it, its history
 * `root`/`name`-history.json) at the tests' clock, printing its stage times and how many articles
 * it compiled; `more` after them (a later --now wins).
 */
export const buildArgs = (content: string, root: string, name: string, now: string, ...more: string[]) => [
	"scripts/build-content.ts",
	"--content",
	content,
	"--out",
	join(root, name, "compiled.js"),
	"--history",
	join(root, `${name}-history.json`),
	"--now",
	now,
	"--quiet",
	"--times",
	...more,
];
