import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContent } from "../../scripts/build-content.ts";
import { compileFile, inFileOrder, prepare } from "../../scripts/compiler/compile.ts";
import { compileInParallel } from "../../scripts/compiler/parallel.ts";
import { createSpill } from "../../scripts/compiler/spill.ts";
import { BUILD_NOW, FIXTURE_CONTENT } from "../paths.ts";

describe("compiling articles in several threads", () => {
	const now = Date.parse(BUILD_NOW);

	it("gives each file what compiling it here gives, in file order", async () => {
		const sources = await readContent(FIXTURE_CONTENT);
		const files = inFileOrder(sources.articles);
		const prepared = prepare(sources, now, []);
		const here = files.map((file) => compileFile(file, prepared, []));
		const spill = createSpill();
		try {
			const threaded = await compileInParallel(sources, files, { now, jobs: 2, spill });
			expect(threaded.problems).toEqual([]);
			expect(JSON.stringify(threaded.files)).toBe(JSON.stringify(here));
		} finally {
			spill.close();
		}
	});

	it("fails, saying why, when a thread does: a file gone between the listing and its compile", async () => {
		const dir = join(mkdtempSync(join(tmpdir(), "reelfeed-")), "content");
		cpSync(FIXTURE_CONTENT, dir, { recursive: true });
		const sources = await readContent(dir);
		const files = inFileOrder(sources.articles);
		rmSync(files.at(-1)?.file as string);
		const spill = createSpill();
		try {
			await expect(compileInParallel(sources, files, { now, jobs: 2, spill })).rejects.toThrow(/ENOENT/);
		} finally {
			spill.close();
		}
	});
});
