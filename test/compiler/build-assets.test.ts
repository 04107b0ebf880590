import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildAssets } from "../../scripts/build-assets.ts";
import { siteIcons } from "../../scripts/icon.ts";
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

describe("the site's icon", () => {
	it("may not hold anything that runs, since it is served from the site", async () => {
		const bad = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><script>alert(1)</script></svg>',
		);
		await expect(siteIcons(bad)).rejects.toThrow(/no script/);
		const handler = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" onload="alert(1)"/>');
		await expect(siteIcons(handler)).rejects.toThrow(/no script/);
	});

	it("is drawn whole at every size, whatever size and shape the SVG says it is", async () => {
		const wide = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" width="2048" height="1024" viewBox="0 0 2 1"><rect width="2" height="1" fill="#b34700"/></svg>',
		);
		const icons = await siteIcons(wide);
		const large = icons.find((i) => i.file === ICONS.large.file);
		expect(large?.body.readUInt32BE(16)).toBe(512);
		expect(large?.body.readUInt32BE(20)).toBe(512);
	});
});
