import { spawnSync } from "node:child_process";
import {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus.ts";
import { CONTENT_PATH } from "../../src/content/files.ts";
import { openBuilt } from "../../src/content/pack.ts";
import { BUILD_NOW } from "../paths.ts";
import { buildArgs } from "./fixtures.ts";

/** A build of a few hundred articles takes a second or two; a loaded machine several times that. */
const BUILD_MS = 30_000;
const builds = (n: number) => ({ timeout: n * BUILD_MS });

/** Articles asked of the generator: three files of bodies (128 articles each), the newest not full. */
const ASKED = 300;

/** A content folder of its own (a generated archive), and builds of it into folders of their own. */
function archive() {
	const root = mkdtempSync(join(tmpdir(), "reelfeed-cache-"));
	const content = join(root, "content");
	generateCorpus(ASKED, 11, content);
	/** Builds into `name`/ (its cache beside it): the exit status, what it printed, and how many articles it compiled. */
	const build = (name: string, ...given: string[]) => {
		const args = given.filter((a) => a !== "--may-fail");
		const result = spawnSync(process.execPath, buildArgs(content, root, name, BUILD_NOW, ...args), {
			encoding: "utf8",
			timeout: BUILD_MS,
		});
		const compiled = /compiled (\d+) of (\d+) articles/.exec(result.stderr);
		// Every build here but the one meant to fail succeeds: its count is of a build that wrote.
		if (result.status !== 0 && !given.includes("--may-fail")) throw new Error(result.stderr);
		return {
			status: result.status,
			stderr: result.stderr,
			compiled: compiled ? [Number(compiled[1]), Number(compiled[2])] : undefined,
			dir: join(root, name),
		};
	};
	const article = (name: string) => join(content, "articles", name);
	const names = readdirSync(join(content, "articles")).sort();
	return { root, content, build, article, names, N: names.length };
}

/** A build's output: its head's bytes, and every content file it names, by name, with their bytes. */
function output(dir: string) {
	const head = readFileSync(join(dir, "compiled-head.bin"));
	const records = openBuilt(dir, join(dir, "public"));
	const files = Object.values(records.head.files).flat();
	return {
		head,
		records,
		files: new Map(files.map((name) => [name, readFileSync(join(dir, "public", CONTENT_PATH, name))])),
	};
}

/** Whether two builds wrote the same bytes: the same head and the same content files. */
function expectSameOutput(a: string, b: string) {
	const x = output(a);
	const y = output(b);
	expect(x.head.equals(y.head)).toBe(true);
	expect([...x.files.keys()]).toEqual([...y.files.keys()]);
	for (const [name, bytes] of x.files) expect(bytes.equals(y.files.get(name) as Buffer)).toBe(true);
}

describe("the build cache", () => {
	it("compiles an edited article alone, and writes what a build from nothing writes", builds(4), () => {
		const { build, article, names, N } = archive();
		const first = build("a");
		expect(first.compiled).toEqual([N, N]);
		const before = output(first.dir).records;
		const edited = names[Math.floor(N / 2)] as string;
		appendFileSync(article(edited), "\nA paragraph added by the editor, seen in the feed.\n");
		const again = build("a");
		expect(again.status).toBe(0);
		expect(again.compiled).toEqual([1, N]);
		// The edit is published: the article's body says it, its revision moved.
		const { records } = output(again.dir);
		const slug = edited.replace(/\.md$/, "");
		const position = records.positionOf(slug) as number;
		const entry = records.articles.at(position);
		expect(records.load(entry as NonNullable<typeof entry>).html).toContain("A paragraph added by the editor");
		expect(entry?.rev).not.toBe(before.articles.at(before.positionOf(slug) as number)?.rev);
		// Byte for byte what a build that reads no cache writes.
		expect(build("fresh", "--fresh").compiled).toEqual([N, N]);
		expectSameOutput(again.dir, join(again.dir, "..", "fresh"));
	});

	it(
		"makes again the one file of bodies a new article or an edit changes, and names the others again",
		builds(5),
		() => {
			const { build, article, names, N } = archive();
			const bodies = () => output(build("a", "--fresh").dir).records.head.files.bodies;
			const first = output(build("a").dir).records.head.files.bodies;
			expect(first.length).toBe(Math.ceil(N / 128));
			expect(N % 128).not.toBe(0);
			// A new article, the newest: the newest file of bodies alone is new.
			writeFileSync(
				article("zz-a-new-article.md"),
				`---\ntitle: "A new article"\ndate: ${new Date(Date.parse(BUILD_NOW) - 60_000).toISOString()}\n---\nNews.\n`,
			);
			const added = build("a");
			expect(added.compiled).toEqual([1, N + 1]);
			const second = output(added.dir).records.head.files.bodies;
			expect(second.filter((name) => !first.includes(name))).toHaveLength(1);
			expect(second.slice(1)).toEqual(first.slice(1));
			expect(existsSync(join(added.dir, "public", CONTENT_PATH, first[0] as string))).toBe(false);
			// An old article edited: its own file of bodies alone is new.
			appendFileSync(article(names[0] as string), "\nCorrected.\n");
			const edited = build("a");
			expect(edited.compiled).toEqual([1, N + 1]);
			const third = output(edited.dir).records.head.files.bodies;
			expect(third.filter((name) => !second.includes(name))).toHaveLength(1);
			// The articles in that file but the edited one had their bodies compiled again from their files.
			expect(edited.stderr).toMatch(/(\d+) cached articles' bodies compiled again/);
			expect(third).toEqual(bodies());
		},
	);

	it(
		"names the index and the slug index again while what they hold is the same, and makes them as a build from nothing does once a title or a slug changes",
		builds(6),
		() => {
			const { build, article, names, N } = archive();
			const files = (dir: string) => output(dir).records.head.files;
			const first = files(build("a").dir);
			// A body edited: its revision, which the index holds, moved; the slugs are the same, in the same order.
			appendFileSync(article(names[3] as string), "\nCorrected.\n");
			const edited = files(build("a").dir);
			expect(edited.slugs).toEqual(first.slugs);
			expect(edited.index).not.toEqual(first.index);
			expect(edited.bodies.filter((name) => !first.bodies.includes(name))).toHaveLength(1);
			// A new article: the slug index holds one more slug.
			writeFileSync(
				article("zz-a-new-article.md"),
				`---\ntitle: "A new article"\ndate: ${new Date(Date.parse(BUILD_NOW) - 60_000).toISOString()}\n---\nNews.\n`,
			);
			const added = build("a");
			expect(files(added.dir).slugs).not.toEqual(edited.slugs);
			const found = output(added.dir).records;
			expect(found.articles.at(found.positionOf("zz-a-new-article") as number)?.title).toBe("A new article");
			// An article retitled: the index holds the new title, as a build from nothing writes it.
			const retitledFile = article(names[5] as string);
			writeFileSync(
				retitledFile,
				readFileSync(retitledFile, "utf8").replace(/^title: .*$/m, 'title: "A title corrected"'),
			);
			const retitled = build("a");
			const { records } = output(retitled.dir);
			const entry = records.articles.at(records.positionOf(names[5]?.replace(/\.md$/, "") as string) as number);
			expect(entry?.title).toBe("A title corrected");
			build("fresh", "--fresh");
			expectSameOutput(retitled.dir, join(retitled.dir, "..", "fresh"));
			// The cache that build wrote holds the new title (its column of titles changed, so it was
			// not written as it was read): a later build takes the retitled article from there.
			utimesSync(article(names[7] as string), new Date(), new Date());
			const later = build("a");
			expect(later.compiled).toEqual([1, N + 1]);
			expectSameOutput(later.dir, join(later.dir, "..", "fresh"));
		},
	);

	it(
		"is dropped when a registry, the clock or the static assets say it no longer holds; --fresh reads none",
		builds(7),
		() => {
			const { build, content, article, names, N } = archive();
			build("a");
			// A registry edited: every article may be tagged otherwise.
			appendFileSync(
				join(content, "people.yaml"),
				"- slug: zed-newcomer\n  name: Zed Newcomer\n  description: A newcomer.\n",
			);
			const registry = build("a");
			expect(registry.compiled).toEqual([N, N]);
			expect(registry.stderr).toContain("the code, the site, a registry or an image changed");
			// The clock turned back: an article's date may now lie after the build.
			utimesSync(article(names[1] as string), new Date(), new Date());
			const earlier = build("a", "--now", new Date(Date.parse(BUILD_NOW) - 1000).toISOString());
			expect(earlier.compiled).toEqual([N, N]);
			expect(earlier.stderr).toContain("the clock is before its build's");
			// The static assets emptied: the files it would name again are gone.
			build("a");
			rmSync(join(registry.dir, "public"), { recursive: true });
			utimesSync(article(names[2] as string), new Date(), new Date());
			const emptied = build("a");
			expect(emptied.compiled).toEqual([N, N]);
			expect(emptied.stderr).toMatch(/the build cache was dropped: \d+ of its content files are gone/);
			for (const bytes of output(emptied.dir).files.values()) expect(bytes.byteLength).toBeGreaterThan(0);
			// --fresh: every article compiled, though nothing changed but a time of change.
			utimesSync(article(names[3] as string), new Date(), new Date());
			expect(build("a", "--fresh").compiled).toEqual([N, N]);
			utimesSync(article(names[3] as string), new Date(), new Date());
			expect(build("a").compiled).toEqual([1, N]);
		},
	);

	it(
		"one build behind the content files (its last build's cache never written) compiles what changed since, and makes the files it names that are gone",
		builds(5),
		() => {
			const { root, build, article, names, N } = archive();
			build("a");
			// The cache as one build left it; then a build that replaces files it names, whose own
			// cache is lost (npm start stopped before its build server kept it).
			const cache = join(root, "a", "build-cache");
			const behind = join(root, "cache-behind");
			cpSync(cache, behind, { recursive: true });
			const edited = article(names[10] as string);
			const original = readFileSync(edited, "utf8");
			appendFileSync(edited, "\nA correction.\n");
			expect(build("a").compiled).toEqual([1, N]);
			rmSync(cache, { recursive: true });
			cpSync(behind, cache, { recursive: true });
			// Then the edit put back: the files the cache names for the article as it was are gone (the
			// build before replaced them), and must not be named again.
			writeFileSync(edited, original);
			const next = build("a");
			// Neither the cache's articles compiled again nor the cache dropped: the article it does not
			// know as it is, and the files gone made again (a new article replaces more files than a
			// quarter of so small an archive's, and drops it: see MOST_GONE in cache.ts).
			expect(next.compiled, next.stderr).toEqual([1, N]);
			expect(next.stderr).not.toContain("was dropped");
			expect(next.stderr).toMatch(/\(\d+ content files the build cache named were gone, and were made again\)/);
			expect(build("fresh", "--fresh").compiled).toEqual([N, N]);
			expectSameOutput(next.dir, join(next.dir, "..", "fresh"));
		},
	);

	it(
		"stops, saying so, when a file edited without its size or time of change moving would be read again; --fresh sees it",
		builds(3),
		() => {
			const { build, article, N } = archive();
			// Two neighbours in the oldest file of bodies, the first with a time of change set to a whole second.
			const first = output(build("a").dir).records;
			const [older, newer] = [N - 1, N - 2].map((p) => `${first.articles.at(p)?.slug}.md`);
			const file = article(older as string);
			const at = new Date("2026-01-01T00:00:00Z");
			utimesSync(file, at, at);
			expect(build("a").compiled).toEqual([1, N]);
			// Edited in place, same size, its time of change put back: the cache cannot see it.
			const text = readFileSync(file, "utf8");
			const edited = text.replace(/\n\n(\w)/, "\n\nX");
			expect(edited).not.toBe(text);
			writeFileSync(file, edited);
			utimesSync(file, at, at);
			// Its neighbour's edit makes their file of bodies again, which reads it again.
			appendFileSync(article(newer as string), "\nA line.\n");
			const stopped = build("a", "--may-fail");
			expect(stopped.status).not.toBe(0);
			expect(stopped.stderr).toContain(`build cache: `);
			expect(stopped.stderr).toContain(`${older} changed during the build, or was edited without its size`);
			expect(stopped.stderr).toContain("--fresh");
			const fresh = build("a", "--fresh");
			expect(fresh.compiled).toEqual([N, N]);
			const { records } = output(fresh.dir);
			const entry = records.articles.at(records.positionOf((older as string).replace(/\.md$/, "")) as number);
			expect(records.load(entry as NonNullable<typeof entry>).html).toMatch(/<p>X/);
		},
	);

	it(
		"keeps nothing of a build that failed: the article's problem is reported with its file and line, then its fix compiled alone",
		builds(3),
		() => {
			const { build, article, names, N } = archive();
			build("a");
			const file = article(names[5] as string);
			const text = readFileSync(file, "utf8");
			writeFileSync(file, text.replace(/^date: .*$/m, "date: not-a-date"));
			const broken = build("a", "--may-fail");
			expect(broken.status).toBe(1);
			expect(broken.stderr).toMatch(new RegExp(`${names[5]}:3: date: `));
			writeFileSync(file, text);
			const fixed = build("a");
			expect(fixed.status).toBe(0);
			expect(fixed.compiled).toEqual([1, N]);
			expect(statSync(join(fixed.dir, "build-cache", "articles.bin")).size).toBeGreaterThan(0);
		},
	);

	it(
		"takes the registries as the last build compiled them: an article naming an unknown author is told what a build from nothing tells it",
		builds(3),
		() => {
			const { build, article, names, content, N } = archive();
			build("a");
			// An author's slug one letter off, in an article's front matter.
			const author = /^- slug: (\S+)/m.exec(readFileSync(join(content, "authors.yaml"), "utf8"))?.[1] as string;
			const typo = `${author.slice(0, -1)}x`;
			const file = article(names[7] as string);
			const text = readFileSync(file, "utf8");
			writeFileSync(
				file,
				text.replace(/^---\n/, `---\nauthors: [${typo}]\n`).replace(/\nauthors: \[[^\]]*\]\n(?=---)/, "\n"),
			);
			const cached = build("a", "--may-fail");
			expect(cached.status).toBe(1);
			// The one file compiled against the registries the cache held.
			expect(cached.compiled).toEqual([1, N]);
			const fresh = build("b", "--fresh", "--may-fail");
			expect(fresh.status).toBe(1);
			const problems = (r: { stderr: string }) => r.stderr.split("\n").filter((l) => l.includes(names[7] as string));
			expect(problems(cached)).toHaveLength(1);
			expect(problems(cached)[0]).toContain(`"${typo}"`);
			// The registry's own entry suggested, as compiling the registry from its file suggests it.
			expect(problems(cached)[0]).toContain(author);
			expect(problems(cached)).toEqual(problems(fresh));
		},
	);

	it(
		"is dropped, not trusted, when its file is cut short, its registries do not parse or its byte order is not this machine's; one of another basis is not parsed",
		builds(4),
		() => {
			const { build, article, names, N, root } = archive();
			// An earlier format's cache, left beside it, is removed by the first build that writes this one.
			const old = join(root, "a", "build-cache", "articles.json");
			mkdirSync(join(root, "a", "build-cache"), { recursive: true });
			writeFileSync(old, "{}");
			const first = build("a");
			expect(existsSync(old)).toBe(false);
			const file = join(first.dir, "build-cache", "articles.bin");
			/** The cache file spoiled, then a build: it compiles everything, saying why (and writes a good cache again). */
			const spoiled = (spoil: (bytes: Buffer) => Buffer, why: string) => {
				writeFileSync(file, spoil(readFileSync(file)));
				utimesSync(article(names[1] as string), new Date(), new Date());
				const result = build("a");
				expect(result.compiled).toEqual([N, N]);
				expect(result.stderr).toContain(why);
				return result;
			};
			/** `bytes` with `from` (found in them) written over by `to`, of the same length. */
			const overwrite = (bytes: Buffer, from: string, to: string) => {
				const at = bytes.indexOf(from);
				expect(at).toBeGreaterThan(0);
				expect(to.length).toBe(from.length);
				bytes.write(to, at);
				return bytes;
			};
			// Its registries' JSON made unreadable.
			spoiled((bytes) => overwrite(bytes, '{"person":[', '{"person":{'), "it could not be read");
			// Written on a machine of the other byte order: its numbers would read wrong.
			spoiled(
				(bytes) => overwrite(bytes, '"byteOrder":"little-endian"', '"byteOrder":"big-endian"   '),
				"it was written big-endian",
			);
			// Its columns cut off and its basis another's: dropped for the basis, which its head alone
			// tells, without its columns being read (a build from nothing needs that memory).
			spoiled((bytes) => {
				const at = bytes.indexOf('"basis":"') + '"basis":"'.length;
				bytes.write(bytes[at] === 0x41 ? "B" : "A", at);
				return bytes.subarray(0, 4 + bytes.readUInt32LE(0));
			}, "the code, the site, a registry or an image changed");
			// Cut short.
			const cut = spoiled((bytes) => bytes.subarray(0, 1000), "it could not be read");
			expect(build("fresh", "--fresh").compiled).toEqual([N, N]);
			expectSameOutput(cut.dir, join(cut.dir, "..", "fresh"));
		},
	);

	it(
		"hashes again the feeds of the entities an edit, a removal or a reveal touched, and records the fingerprints a build from nothing records",
		builds(14),
		() => {
			const { root, build, article, names, content } = archive();
			/** Each feed's fingerprint in a build's history. */
			const prints = (name: string) =>
				new Map(
					Object.entries(
						(
							JSON.parse(readFileSync(join(root, `${name}-history.json`), "utf8")) as {
								feeds: Record<string, { fingerprint: string }>;
							}
						).feeds,
					).map(([key, record]) => [key, record.fingerprint]),
				);
			/** A build with the cache, then one from nothing at the same clock: the same fingerprints, every one. */
			const both = (...args: string[]) => {
				const cached = build("a", ...args);
				expect(cached.compiled?.[0]).toBeLessThan(cached.compiled?.[1] as number);
				build("fresh", "--fresh", ...args);
				const [x, y] = [prints("a"), prints("fresh")];
				expect([...x.keys()]).toEqual([...y.keys()]);
				for (const [key, print] of x) expect({ key, print }).toEqual({ key, print: y.get(key) });
				return x;
			};
			/** The history keys of the entities an article is tagged with, as a build from nothing publishes it. */
			const tags = (slug: string) => {
				const { records } = output(join(root, "fresh"));
				const entry = records.articles.at(records.positionOf(slug) as number);
				return records.load(entry as NonNullable<typeof entry>).entities.map((r) => `${r.type}/${r.slug}`);
			};
			const people = (slug: string) => tags(slug).filter((key) => key.startsWith("person/"));
			build("a");
			build("fresh", "--fresh");
			let before = prints("a");
			const slugOf = (name: string) => name.replace(/\.md$/, "");
			// A body edited: its people's feeds change, and only theirs among the entities.
			const edited = names[20] as string;
			appendFileSync(article(edited), "\nA paragraph added by the editor.\n");
			let after = both();
			const changed = (a: Map<string, string>, b: Map<string, string>) =>
				[...b].filter(([key, print]) => key.includes("/") && a.get(key) !== print).map(([key]) => key);
			expect(people(slugOf(edited)).length).toBeGreaterThan(0);
			expect(changed(before, after).sort()).toEqual(tags(slugOf(edited)).sort());
			// A person newly named in an article's text: tagged, so their feed changes.
			const registry = readFileSync(join(content, "people.yaml"), "utf8");
			const named = [...registry.matchAll(/^- slug: (\S+)\n {2}name: "([^"]+)"/gm)].find(
				([, slug]) => !people(slugOf(names[30] as string)).includes(`person/${slug}`),
			) as RegExpMatchArray;
			appendFileSync(article(names[30] as string), `\nAlso in the room: ${named[2]}.\n`);
			before = after;
			after = both();
			expect(people(slugOf(names[30] as string))).toContain(`person/${named[1]}`);
			expect(changed(before, after)).toContain(`person/${named[1]}`);
			// An article removed: the feeds of the people it named change.
			const removed = names[40] as string;
			const its = people(slugOf(removed));
			expect(its.length).toBeGreaterThan(0);
			rmSync(article(removed));
			before = after;
			after = both();
			for (const key of its) expect(changed(before, after)).toContain(key);
			// An article dated an hour after the build, naming a person: hidden, their feed the same;
			// revealed at a later build's clock, their feed changes.
			const later = (hours: number) => new Date(Date.parse(BUILD_NOW) + hours * 3_600_000).toISOString();
			writeFileSync(
				article("zz-an-embargoed-scoop.md"),
				`---\ntitle: "A scoop"\ndate: ${later(1)}\n---\n${named[2]} signs on.\n`,
			);
			before = after;
			after = both();
			expect(changed(before, after)).not.toContain(`person/${named[1]}`);
			// Nothing else changed: the build is not skipped, its clock being past the embargo.
			before = after;
			after = both("--now", later(2));
			expect(changed(before, after)).toContain(`person/${named[1]}`);
		},
	);

	it("holds an archive of one article, whose name is its slug, and then of two", builds(4), () => {
		const { build, article, names } = archive();
		for (const name of names.slice(1)) rmSync(article(name));
		expect(build("a").compiled).toEqual([1, 1]);
		writeFileSync(
			article("zz-a-second-article.md"),
			`---\ntitle: "A second article"\ndate: ${new Date(Date.parse(BUILD_NOW) - 60_000).toISOString()}\n---\nNews.\n`,
		);
		const again = build("a");
		expect(again.compiled).toEqual([1, 2]);
		expect(build("fresh", "--fresh").compiled).toEqual([2, 2]);
		expectSameOutput(again.dir, join(again.dir, "..", "fresh"));
	});
});
