import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildAssets } from "../../scripts/build-assets.ts";
import { ICONS } from "../../src/feeds/icons.ts";

const assets = await buildAssets("test/fixtures/content");

describe("the built assets", () => {
	const embed = assets.find((a) => a.name === "embed.js");

	it("include every stylesheet and script, minified, every icon from the content's icon, and the directory schema", () => {
		expect(assets.map((a) => a.name)).toEqual([
			"copy.js",
			"embed.js",
			"site.css",
			...Object.values(ICONS).map((i) => i.file),
			"directory.schema.json",
		]);
		for (const a of assets.filter((a) => /\.(css|js)$/.test(a.name)))
			expect(a.bytes, a.name).toBeLessThan(readFileSync(`src/assets/${a.name}`, "utf8").length);
		const svg = assets.find((a) => a.name === "icon.svg");
		expect(new TextDecoder().decode(svg?.body)).toBe(readFileSync("test/fixtures/content/icon.svg", "utf8"));
		expect(assets.find((a) => a.name === "favicon.ico")?.type).toBe("image/x-icon");
		const schema = assets.find((a) => a.name === "directory.schema.json");
		expect(schema?.type).toBe("application/schema+json; charset=utf-8");
		expect(JSON.parse(new TextDecoder().decode(schema?.body)).$schema).toBe("http://json-schema.org/draft-07/schema#");
	});

	it("keep the embed small, and the README's stated size true", () => {
		expect(embed?.gzipBytes).toBeLessThan(2048);
		const readme = readFileSync("README.md", "utf8");
		const stated = /\*\*([\d,]+) bytes minified, ([\d,]+) bytes gzipped\*\*/.exec(readme);
		expect(stated?.slice(1).map((n) => Number(n.replaceAll(",", "")))).toEqual([embed?.bytes, embed?.gzipBytes]);
	});
});
