import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildThrough } from "../../scripts/build-client.ts";
import { main, REPORTED_WHOLE, type Resident } from "../../scripts/build-content.ts";
import { serveBuilds } from "../../scripts/build-server.ts";
import { generateCorpus } from "../../scripts/corpus.ts";
import { listFolder, RELIST_FROM_EVENTS, watchListing } from "../../scripts/listing.ts";
import { CONTENT_PATH } from "../../src/content/files.ts";
import { openBuilt } from "../../src/content/pack.ts";
import { BUILD_NOW, FIXTURE_CONTENT } from "../paths.ts";
import { buildArgs } from "./fixtures.ts";

/** A build of a few hundred articles takes a second or two; a loaded machine several times that. */
const BUILD_MS = 30_000;

/** Runs `check` until it passes (a watcher's events arrive when the kernel sends them), for at most 10 s. */
/** Longer than the build server waits, idle, before it writes a build's cache (SETTLE_AFTER_MS, 3 s). */
const SETTLED_MS = 4_000;

async function eventually(check: () => Promise<void>, within = 10_000): Promise<void> {
	const deadline = Date.now() + within;
	for (;;) {
		await new Promise((r) => setTimeout(r, 100));
		try {
			await check();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
		}
	}
}

describe("a watched listing", () => {
	it("lists the folder as listFolder does after every kind of change, stat-ing only what changed", async () => {
		const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-watch-")), "content");
		mkdirSync(join(dir, "articles"), { recursive: true });
		for (const name of ["a.md", "b.md", "c.md"]) writeFileSync(join(dir, "articles", name), `${name}\n`);
		writeFileSync(join(dir, "site.yaml"), "title: x\n");
		const watched = watchListing(dir);
		try {
			expect(await watched.listed()).toEqual(await listFolder(dir));
			expect(watched.last).toBe("every file listed");
			const same = async () => {
				const listed = structuredClone(await watched.listed());
				expect(listed).toEqual(await listFolder(dir));
				expect(watched.last).toMatch(/^\d+ paths? stat-ed$/);
			};
			const changes: [string, () => void][] = [
				["an article edited", () => appendFileSync(join(dir, "articles", "b.md"), "more\n")],
				["an article added", () => writeFileSync(join(dir, "articles", "bb.md"), "new\n")],
				["an article removed", () => rmSync(join(dir, "articles", "a.md"))],
				["an article renamed", () => renameSync(join(dir, "articles", "c.md"), join(dir, "articles", "0.md"))],
				[
					"a folder with files made",
					() => {
						mkdirSync(join(dir, "images", "2026"), { recursive: true });
						writeFileSync(join(dir, "images", "2026", "x.jpg"), "jpeg");
						writeFileSync(join(dir, "images", "y.png"), "png");
					},
				],
				["a file added in the new folder", () => writeFileSync(join(dir, "images", "2026", "z.jpg"), "z")],
				["a folder renamed", () => renameSync(join(dir, "images", "2026"), join(dir, "images", "1999"))],
				[
					"a folder removed and made again under its name",
					() => {
						rmSync(join(dir, "images", "1999"), { recursive: true });
						mkdirSync(join(dir, "images", "1999"));
						writeFileSync(join(dir, "images", "1999", "w.jpg"), "w");
					},
				],
				["a file added in the folder made again", () => writeFileSync(join(dir, "images", "1999", "v.jpg"), "v")],
				// A link is neither a file nor a folder to listFolder, which reads a folder's entries.
				["a link made", () => symlinkSync(join(dir, "site.yaml"), join(dir, "articles", "link.md"))],
				["a folder removed", () => rmSync(join(dir, "images"), { recursive: true })],
				["the site edited", () => writeFileSync(join(dir, "site.yaml"), "title: y\n")],
			];
			for (const [what, change] of changes) {
				const before = watched.version;
				change();
				await eventually(same).catch((error) => {
					throw new Error(`after ${what}: ${error}`);
				});
				// Its version moved: a build hashes it again (see listingOf in build-content.ts).
				expect(watched.version, what).toBeGreaterThan(before);
			}
			// Nothing changed since: the same listing, the same version.
			await new Promise((r) => setTimeout(r, 300));
			const settled = await watched.listed();
			const version = watched.version;
			expect(await watched.listed()).toBe(settled);
			expect(watched.version).toBe(version);
			// Too many events at once to trust (the kernel may have dropped some): listed again.
			for (let i = 0; i < RELIST_FROM_EVENTS; i++) writeFileSync(join(dir, "articles", `bulk-${i}.md`), "x\n");
			await eventually(async () => {
				expect(await watched.listed()).toEqual(await listFolder(dir));
			});
			expect(watched.last).toBe("every file listed");
		} finally {
			watched.close();
		}
	});
});

describe("the build server", () => {
	const root = mkdtempSync(join(tmpdir(), "reelfeed-served-"));
	const socket = join(root, "build.sock");
	let server: ChildProcess | undefined;
	afterAll(() => server?.kill());

	/**
	 * Builds the content at `content` into `name`/, through the server on `via` (as `npm start`
	 * does) or in a process of its own.
	 */
	const buildWith =
		(via: string) =>
		(content: string, name: string, how: "served" | "alone", ...args: string[]) => {
			// Served, it prints its report, as under `npm start`.
			const argv = buildArgs(content, root, name, BUILD_NOW, ...args).filter((a) => how === "alone" || a !== "--quiet");
			const result = spawnSync(process.execPath, argv, {
				encoding: "utf8",
				timeout: BUILD_MS,
				env: {
					...process.env,
					WRANGLER_COMMAND: "dev",
					REELFEED_BUILD_SERVER: how === "served" ? via : "",
				},
			});
			if (result.status !== 0) throw new Error(result.stderr);
			const inPlace = /(\d+) articles? changed in place/.exec(result.stderr)?.[1];
			return {
				report: result.stdout,
				compiled: /compiled (\d+) of (\d+) articles/.exec(result.stderr)?.slice(1).map(Number),
				watched: /the content folder watched: ([^;\n]+)/.exec(result.stderr)?.[1],
				// What the build took from the server's last one (see EarlierBuild): where articles stand
				// still, or moved (a few: see Moves), or nothing but the articles ("counted").
				since: inPlace
					? Number(inPlace)
					: /added or moved and \d+ removed since the last build/.test(result.stderr)
						? "moved"
						: /the articles moved since the last build/.test(result.stderr)
							? "counted"
							: undefined,
			};
		};

	const build = buildWith(socket);

	/** A build server on `path`, once it listens (what it prints on stderr to `hear`, else to the test's). */
	const startServer = (path: string, hear?: (text: string) => void) =>
		new Promise<ChildProcess>((ready, fail) => {
			const child = spawn(process.execPath, ["scripts/build-server.ts", path], {
				stdio: ["ignore", "pipe", hear ? "pipe" : "inherit"],
			});
			child.stderr?.on("data", (c: Buffer) => hear?.(c.toString()));
			child.stdout?.on("data", (c: Buffer) => c.includes("ready on") && ready(child));
			child.once("exit", (code) => fail(new Error(`the build server exited (${code}) before it listened`)));
		});

	/** Every byte a build wrote: its head, the content files it names, its history. */
	const written = (name: string) => {
		const dir = join(root, name);
		const records = openBuilt(dir, join(dir, "public"));
		const files = Object.values(records.head.files)
			.flat()
			.map((file) => [file, readFileSync(join(dir, "public", CONTENT_PATH, file)).toString("base64")]);
		return {
			head: readFileSync(join(dir, "compiled-head.bin")).toString("base64"),
			module: readFileSync(join(dir, "compiled.js"), "utf8"),
			files,
			history: readFileSync(join(root, `${name}-history.json`), "utf8"),
		};
	};

	it("writes, edit after edit, what a build run once writes, having stat-ed the files that changed and read no cache", {
		timeout: 24 * BUILD_MS,
	}, async () => {
		const content = join(root, "content");
		generateCorpus(300, 11, content);
		const N = readdirSync(join(content, "articles")).length;
		server = await startServer(socket);

		const first = build(content, "served", "served");
		expect({ ...first, report: undefined }).toEqual({
			compiled: [N, N],
			watched: "every file listed",
			since: undefined,
			report: undefined,
		});
		// More than REPORTED_WHOLE articles: the report names the embargoed and the newest, not all N.
		expect(N).toBeGreaterThan(REPORTED_WHOLE);
		const dates = readdirSync(join(content, "articles")).map(
			(name) => /^date: "?([^"\n]+)"?$/m.exec(readFileSync(join(content, "articles", name), "utf8"))?.[1] as string,
		);
		const published = dates
			.filter((d) => Date.parse(d) <= Date.parse(BUILD_NOW))
			.sort((x, y) => Date.parse(y) - Date.parse(x));
		const newest = /^ {2}the newest:\n((?: {2}\d{4}-.*\n)*)/m.exec(first.report)?.[1] ?? "";
		expect(
			newest
				.split("\n")
				.filter(Boolean)
				.map((line) => line.slice(2, 12)),
		).toEqual(published.slice(0, 20).map((d) => new Date(d).toISOString().slice(0, 10)));
		expect(first.report).toContain(`embargoed (${dates.length - published.length}):`);
		expect(first.report).toContain(`reelfeed content: ${N} articles,`);
		expect(first.report).toMatch(new RegExp(`… and ${N - 20 - (dates.length - published.length)} more not listed`));
		expect(first.report).not.toContain("added, moved or changed");
		const article = (name: string) => join(content, "articles", name);
		const names = readdirSync(join(content, "articles")).sort();
		const person = /name: "?([^"\n]+)"?/.exec(readFileSync(join(content, "people.yaml"), "utf8"))?.[1];
		const later = (minutes: number) => new Date(Date.parse(BUILD_NOW) + minutes * 60_000).toISOString();
		const people = [...readFileSync(join(content, "people.yaml"), "utf8").matchAll(/name: "?([^"\n]+)"?/g)].map(
			(m) => m[1] as string,
		);
		const edit = (name: string, change: (text: string) => string) =>
			writeFileSync(article(name), change(readFileSync(article(name), "utf8")));
		const slug = (name: string) => name.replace(/\.md$/, "");
		// [what, the edit, articles compiled, what the build took from the last: in place (how many)
		// or "moved", the articles the report says were added, moved or changed (an embargoed one is
		// listed as embargoed)]
		const edits: [string, () => void, number, number | "moved" | "counted", string[]][] = [
			[
				"a body edited",
				() => appendFileSync(article(names[150] as string), "\nAn added paragraph.\n"),
				1,
				1,
				[slug(names[150] as string)],
			],
			[
				"a title edited",
				() => edit(names[160] as string, (t) => t.replace(/^title: .*$/m, 'title: "Retitled"')),
				1,
				1,
				[slug(names[160] as string)],
			],
			[
				"two bodies edited, far apart",
				() => {
					appendFileSync(article(names[5] as string), "\nA correction.\n");
					appendFileSync(article(names[290] as string), "\nAnother correction.\n");
				},
				2,
				2,
				[slug(names[5] as string), slug(names[290] as string)],
			],
			[
				"a person named in a body who was not",
				() => {
					const text = readFileSync(article(names[170] as string), "utf8");
					appendFileSync(article(names[170] as string), `\n${people.find((p) => !text.includes(p))} commented.\n`);
				},
				1,
				"moved",
				[slug(names[170] as string)],
			],
			[
				"an article added, naming a person",
				() => writeFileSync(article("zz-new.md"), `---\ntitle: "New"\ndate: ${later(-5)}\n---\n${person} speaks.\n`),
				1,
				"moved",
				["zz-new"],
			],
			["an article removed", () => rmSync(article(names[10] as string)), 0, "moved", []],
			[
				"an embargoed article added",
				() => writeFileSync(article("zz-scoop.md"), `---\ntitle: "Scoop"\ndate: ${later(60)}\n---\nSoon.\n`),
				1,
				"moved",
				[],
			],
			["the embargoed article's body edited", () => appendFileSync(article("zz-scoop.md"), "\nMore soon.\n"), 1, 1, []],
			[
				"an article renamed (its file)",
				() => renameSync(article(names[20] as string), article("aa-renamed.md")),
				1,
				"moved",
				["aa-renamed"],
			],
		];
		for (const [k, [what, change, compiled, since, saved]] of edits.entries()) {
			change();
			// A minute later each time, so that the history says anew when each changed feed changed
			// (the registry's entries carry it), and the build run once starts from the same history.
			const now = ["--now", later(k + 1)];
			cpSync(join(root, "served-history.json"), join(root, "alone-history.json"));
			// The cache on disk gone: only the one the server kept in memory can give the other articles.
			rmSync(join(root, "served", "build-cache"), { recursive: true, force: true });
			// The watcher's events arrive before the build that follows a save (wrangler's own watcher waits longer).
			await new Promise((r) => setTimeout(r, 300));
			const served = build(content, "served", "served", ...now);
			const n = readdirSync(join(content, "articles")).length;
			expect(served.compiled, what).toEqual([compiled, n]);
			expect(served.watched, what).toMatch(/^[1-9]\d* paths? stat-ed$/);
			expect(served.since, what).toBe(since);
			const listed = /^ {2}added, moved or changed since the last build \(\d+\):\n((?: {2}\d{4}-.*\n)*)/m.exec(
				served.report,
			)?.[1];
			expect([...(listed ?? "").matchAll(/^ {2}\S+ ([^:]+):/gm)].map((m) => m[1]).sort(), what).toEqual(saved.sort());
			expect(served.report.split("\n").length, what).toBeLessThan(3 * 20 + 8);
			// The scoop, once saved, is listed embargoed, whatever else changed.
			if (existsSync(article("zz-scoop.md")))
				expect(served.report, what).toMatch(/^ {2}\S+ zz-scoop: .*\[embargoed: hidden until /m);
			build(content, "alone", "alone", "--fresh", ...now);
			expect(written("served"), what).toEqual(written("alone"));
		}
		// Another build into the same place an hour later (`npm run build` beside `npm start`), after an
		// edit: it puts its own cache and content files there. The server reads that cache, rather than
		// drop its own, whose files are gone, and compile everything.
		appendFileSync(article(names[30] as string), "\nAnother correction.\n");
		expect(build(content, "served", "alone", "--now", later(60)).compiled?.[0]).toBe(1);
		// A minute later, the server starts from the history that build wrote, not from its own last one.
		appendFileSync(article(names[40] as string), "\nYet another.\n");
		cpSync(join(root, "served-history.json"), join(root, "alone-history.json"));
		await new Promise((r) => setTimeout(r, 300));
		const m = readdirSync(join(content, "articles")).length;
		expect(build(content, "served", "served", "--now", later(61)).compiled).toEqual([1, m]);
		build(content, "alone", "alone", "--fresh", "--now", later(61));
		expect(written("served")).toEqual(written("alone"));
		// A registry edited, and an article naming the person it adds: the cache does not hold (every
		// article is compiled again), served or not, and the server tags with the registry as it is now.
		cpSync(join(content, "people.yaml"), join(root, "people.yaml"));
		appendFileSync(
			join(content, "people.yaml"),
			"- slug: zz-new-person\n  name: Zz New Person\n  description: Added.\n",
		);
		appendFileSync(article(names[50] as string), "\nZz New Person spoke.\n");
		await new Promise((r) => setTimeout(r, 300));
		const n = readdirSync(join(content, "articles")).length;
		const cacheFile = join(root, "served", "build-cache", "articles.bin");
		const cacheBefore = statSync(cacheFile).mtimeMs;
		expect(build(content, "served", "served", "--now", later(61)).compiled).toEqual([n, n]);
		build(content, "alone", "alone", "--fresh", "--now", later(61));
		expect(written("served")).toEqual(written("alone"));
		// The cache the server writes after its answer serves a build run once: one edit, one article
		// compiled. The server writes it once idle for SETTLE_AFTER_MS (3 s), and may first write the one
		// the build before left to write (Resident.settle: as this build starts, or before it, once idle),
		// so a newer file is not enough: it must also have stood longer than that since it was written.
		await eventually(async () => {
			const { mtimeMs } = statSync(cacheFile);
			expect(mtimeMs).toBeGreaterThan(cacheBefore);
			expect(Date.now() - mtimeMs).toBeGreaterThan(SETTLED_MS);
		}, 30_000);
		appendFileSync(article("zz-new.md"), "\nLater.\n");
		expect(build(content, "served", "alone", "--now", later(61)).compiled).toEqual([1, n]);
	});

	it("reads the cache into memory after a build that found nothing to do, so that the first edit starts from it", {
		timeout: 8 * BUILD_MS,
	}, async () => {
		// What `npm start` finds after a day away: the content as the last build left it, on disk.
		const content = join(root, "warm-content");
		generateCorpus(150, 12, content);
		const N = readdirSync(join(content, "articles")).length;
		const alone = build(content, "warm", "alone");
		expect(alone.compiled).toEqual([N, N]);
		const via = join(root, "warm.sock");
		let said = "";
		const started = await startServer(via, (text) => {
			said += text;
		});
		try {
			const served = buildWith(via);
			const written = () =>
				["compiled.js", "compiled-head.bin", "compiled-stamp.json"].map((f) => [
					readFileSync(join(root, "warm", f)),
					statSync(join(root, "warm", f)).mtimeMs,
				]);
			const before = written();
			// Nothing changed: answered at once; the server then builds it once more, printing nothing.
			expect(served(content, "warm", "served")).toEqual({
				compiled: undefined,
				watched: undefined,
				since: undefined,
				report: "",
			});
			await eventually(async () => {
				expect(said).toMatch(/the build cache read into memory for the next edit/);
			});
			// It wrote nothing, not even the same bytes: `wrangler dev`, which watches src/, sees nothing.
			expect(written()).toEqual(before);
			// The first edit starts from the build kept in memory, as every later one does.
			const name = readdirSync(join(content, "articles")).sort()[75] as string;
			appendFileSync(join(content, "articles", name), "\nAn added paragraph.\n");
			await new Promise((r) => setTimeout(r, 300));
			expect(served(content, "warm", "served")).toMatchObject({
				compiled: [1, N],
				since: 1,
				watched: "1 path stat-ed",
			});
			const edited = readFileSync(join(root, "warm", "compiled-head.bin"));
			build(content, "warm", "alone", "--fresh");
			expect(readFileSync(join(root, "warm", "compiled-head.bin"))).toEqual(edited);
			// A warm-up asked for before a save, and run after it, builds nothing: that save is the
			// next build's, which reports it (a server with no cache kept, as after its start).
			appendFileSync(join(content, "articles", name), "\nA save during the warm-up.\n");
			const beforeSave = written();
			const kept: unknown[] = [];
			const printed: string[] = [];
			const fresh: Resident = {
				listing: async (dir) => ({ files: await listFolder(dir), how: "every file listed", version: 0 }),
				cache: () => undefined,
				keep: (_, cache) => kept.push(cache),
				later: (work) => kept.push(work),
				settle: () => undefined,
				warm: () => kept.push("warm"),
			};
			const args = buildArgs(content, root, "warm", BUILD_NOW).slice(1);
			const output = { log: (t: string) => printed.push(t), error: (t: string) => printed.push(t) };
			expect(await main([...args, "--warm"], { WRANGLER_COMMAND: "dev" }, output, fresh)).toBe(0);
			expect({ kept, printed }).toEqual({ kept: [], printed: [] });
			expect(written()).toEqual(beforeSave);
			expect(served(content, "warm", "served").compiled).toEqual([1, N]);
		} finally {
			started.kill();
		}
	});

	it("stops by itself, its socket removed, once the process that started it is gone", { timeout: 30_000 }, async () => {
		const path = join(root, "orphan.sock");
		// A shell that starts it and is then killed outright, as a terminal closing kills `npm start`.
		const shell = spawn("sh", ["-c", `"${process.execPath}" scripts/build-server.ts "${path}" & wait`], {
			stdio: "ignore",
		});
		await eventually(async () => {
			expect(existsSync(path)).toBe(true);
		});
		shell.kill("SIGKILL");
		await eventually(async () => {
			expect(existsSync(path)).toBe(false);
		});
	});

	it("answers a build that finds nothing to do before it keeps the last build's cache, which a build with something to do keeps first", {
		timeout: 6 * BUILD_MS,
	}, async () => {
		const content = join(root, "settle-content");
		generateCorpus(120, 13, content);
		const N = readdirSync(join(content, "articles")).length;
		const path = join(root, "settle.sock");
		// Never kept for being idle: only when a build needs it, or as the server stops.
		const served = await serveBuilds(path, { settleAfter: 3_600_000 });
		const said: string[] = [];
		const error = vi.spyOn(console, "error").mockImplementation((text) => said.push(String(text)));
		const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
		const cacheDir = join(root, "settle", "build-cache");
		const cacheFiles = () =>
			existsSync(cacheDir) ? readdirSync(cacheDir).map((name) => [name, statSync(join(cacheDir, name)).mtimeMs]) : [];
		const ask = async (...more: string[]) => {
			said.length = 0;
			const code = await buildThrough(path, buildArgs(content, root, "settle", BUILD_NOW, ...more).slice(1), {
				WRANGLER_COMMAND: "dev",
			});
			return { code, said: said.join("\n") };
		};
		const edit = async (k: number) => {
			const name = readdirSync(join(content, "articles")).sort()[k] as string;
			appendFileSync(join(content, "articles", name), "\nAn added paragraph.\n");
			await new Promise((r) => setTimeout(r, 300));
			const edited = await ask();
			expect(edited.said).toContain(`compiled 1 of ${N} articles`);
			// Taken in place from the last build, whose cache was kept first.
			expect(edited.said).toContain("1 article changed in place since the last build");
		};
		try {
			expect((await ask()).said).toContain(`compiled ${N} of ${N} articles`);
			// Its cache not kept yet: made and written after the answer, once needed.
			expect(cacheFiles()).toEqual([]);
			await edit(30);
			const first = cacheFiles();
			expect(first.length).toBeGreaterThan(0);
			// Nothing changed (wrangler dev's build after the save it reloads for): answered as it
			// stands, the edit's cache still to keep.
			expect(await ask()).toEqual({ code: 0, said: "" });
			expect(cacheFiles()).toEqual(first);
			await edit(60);
			const second = cacheFiles();
			expect(second).not.toEqual(first);
			// The last edit's, as the server stops.
			await served.close();
			expect(cacheFiles()).not.toEqual(second);
		} finally {
			error.mockRestore();
			log.mockRestore();
			await served.close();
		}
	});

	it("prints the server's answer line by line, however the socket cuts it", async () => {
		// Long answers (a build's report, 3 MB here) in pieces that end anywhere: inside a line, on its
		// end, inside a character; several lines in one piece.
		const out = Array.from({ length: 60_000 }, (_, i) => `  line ${i}: Zoë Saldaña, «${"é".repeat(i % 7)}»`).join("\n");
		const answer = [{ out }, { err: "times: ✓" }, { out: "→ done" }, { code: 3 }]
			.map((a) => `${JSON.stringify(a)}\n`)
			.join("");
		const bytes = Buffer.from(answer);
		const path = join(root, "cuts.sock");
		const fake = createServer((client) => {
			client.once("data", async () => {
				for (let at = 0, k = 0; at < bytes.length; k++) {
					const size = [1, 7, 65_536, 3, 100_003, 2][k % 6] as number;
					client.write(bytes.subarray(at, at + size));
					at += size;
					if (k % 3 === 0) await new Promise((r) => setTimeout(r, 1));
				}
			});
		});
		await new Promise<void>((done) => fake.listen(path, done));
		const printed: [string, unknown][] = [];
		const log = vi.spyOn(console, "log").mockImplementation((text) => printed.push(["out", text]));
		const error = vi.spyOn(console, "error").mockImplementation((text) => printed.push(["err", text]));
		try {
			expect(await buildThrough(path, [], {})).toBe(3);
		} finally {
			log.mockRestore();
			error.mockRestore();
			fake.close();
		}
		expect(printed).toEqual([
			["out", out],
			["err", "times: ✓"],
			["out", "→ done"],
		]);
	});

	it("builds the content and the assets for the build command, which loads neither the compiler nor the assets' builder", {
		timeout: 4 * BUILD_MS,
	}, async () => {
		const content = join(root, "command-content");
		cpSync(FIXTURE_CONTENT, content, { recursive: true });
		// Every module the command loads, as Node loads it (module.registerHooks), named in `loaded`.
		const hook = join(root, "loaded-hook.mjs");
		writeFileSync(
			hook,
			`import { registerHooks } from "node:module";
import { appendFileSync } from "node:fs";
registerHooks({ load(url, context, next) { appendFileSync(process.env.LOADED, url + "\\n"); return next(url, context); } });
`,
		);
		const path = join(root, "command.sock");
		const served = await serveBuilds(path);
		// Not spawnSync: the server answers from this process.
		const command = async (name: string, env: Record<string, string>) => {
			const loaded = join(root, `${name}-loaded.txt`);
			writeFileSync(loaded, "");
			const args = buildArgs(content, root, name, BUILD_NOW).slice(1);
			const child = spawn(process.execPath, ["--import", hook, "scripts/build-command.ts", ...args], {
				env: { ...process.env, LOADED: loaded, ...env },
				stdio: ["ignore", "ignore", "pipe"],
				timeout: BUILD_MS,
			});
			let stderr = "";
			child.stderr?.on("data", (chunk: Buffer) => {
				stderr += chunk.toString();
			});
			const status = await new Promise<number | null>((done) => child.on("close", done));
			const result = { status, stderr };
			const modules = readFileSync(loaded, "utf8")
				.split("\n")
				.filter((url) => url.startsWith("file:") && !url.includes("/node_modules/"))
				.map((url) => url.slice(url.lastIndexOf("/scripts/") + 1));
			return { status: result.status, stderr: result.stderr, modules };
		};
		try {
			const throughServer = await command("command-served", { WRANGLER_COMMAND: "dev", REELFEED_BUILD_SERVER: path });
			expect(throughServer.status, throughServer.stderr).toBe(0);
			expect(throughServer.modules).toEqual(["scripts/build-command.ts", "scripts/build-client.ts"]);
			// Built: the same bytes as the command builds alone, which loads both.
			const alone = await command("command-alone", { WRANGLER_COMMAND: "dev", REELFEED_BUILD_SERVER: "" });
			expect(alone.status, alone.stderr).toBe(0);
			expect(alone.modules).toContain("scripts/build-content.ts");
			expect(alone.modules).toContain("scripts/build-assets.ts");
			const { history: _served, ...servedBytes } = written("command-served");
			const { history: _alone, ...aloneBytes } = written("command-alone");
			expect(servedBytes).toEqual(aloneBytes);
			// The assets are built after the content, by the server as by the command: an icon that may
			// not be served from the site stops either, with the same message.
			writeFileSync(
				join(content, "icon.svg"),
				'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
			);
			const refused = await command("command-served", { WRANGLER_COMMAND: "dev", REELFEED_BUILD_SERVER: path });
			const refusedAlone = await command("command-alone", { WRANGLER_COMMAND: "dev", REELFEED_BUILD_SERVER: "" });
			expect(refused.status).toBe(1);
			expect(refusedAlone.status).not.toBe(0);
			const reason = /icon\.svg[^\n]*/.exec(refusedAlone.stderr)?.[0];
			expect(reason).toBeDefined();
			expect(refused.stderr).toContain(reason);
		} finally {
			await served.close();
		}
	});

	it("leaves the build to the command when it cannot be reached, or once its code changed", async () => {
		expect(await buildThrough(join(root, "nobody.sock"), [], {})).toBeUndefined();
		let code = "before";
		const path = join(root, "changing.sock");
		const served = await serveBuilds(path, { code: () => code });
		code = "after";
		expect(await buildThrough(path, ["--quiet"], { WRANGLER_COMMAND: "dev" })).toBeUndefined();
		// It stopped: the next command finds nobody, and builds itself.
		await served.closed;
		expect(await buildThrough(path, ["--quiet"], { WRANGLER_COMMAND: "dev" })).toBeUndefined();
	});
});
