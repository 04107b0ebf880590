import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileContent } from "../../scripts/compiler/compile.ts";
import { catalogImages, HEADERS_FILE, type ImageCatalog, publishImages } from "../../scripts/compiler/images.ts";
import { article, PEOPLE, problems, sources } from "./fixtures.ts";

/**
 * Images through the real library: a content folder of real files (a photo taken on its side, a
 * PNG with transparency, a file that is no image, an SVG), catalogued and published by the build's
 * own code, then named in front matter, registries and text.
 */
const dir = mkdtempSync(join(tmpdir(), "reelfeed-images-"));
const content = join(dir, "content");
const cache = join(dir, "cache");
let catalog: ImageCatalog;
let files: Map<string, string>;

const solid = (width: number, height: number, alpha = 1) =>
	sharp({ create: { width, height, channels: 4, background: { r: 200, g: 80, b: 40, alpha } } });

beforeAll(async () => {
	const images = join(content, "images");
	mkdirSync(join(images, "2026"), { recursive: true });
	await solid(1600, 900).jpeg().toFile(join(images, "wide.jpg"));
	// Stored 300 wide and 200 high, with EXIF orientation 6: a camera held upright. Shown 200 × 300.
	await solid(300, 200)
		.jpeg()
		.withMetadata({ orientation: 6 })
		.toFile(join(images, "2026", "Upright Photo.jpg"));
	await solid(100, 60, 0.5).png().toFile(join(images, "small.png"));
	writeFileSync(join(images, "broken.jpg"), "this is not a JPEG");
	writeFileSync(join(images, "drawing.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
	({ catalog, files } = await catalogImages(content, cache));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withImage = (image: string, body?: string) =>
	sources({
		images: catalog,
		articles: [article("pictured.md", `title: Pictured\ndate: 2020-05-05\n${image}`, body)],
	});

describe("published sizes", () => {
	it("are made at the widths readers expect, never enlarged, turned upright, with square crops", () => {
		const wide = catalog.get("images/wide.jpg");
		if (!wide?.ok) throw new Error("wide.jpg was not catalogued");
		expect(wide.image.sizes.map((s) => [s.width, s.height])).toEqual([
			[144, 81],
			[320, 180],
			[640, 360],
			[1200, 675],
		]);
		expect(wide.image.squares?.map((s) => [s.width, s.height])).toEqual([
			[128, 128],
			[512, 512],
		]);
		expect([wide.image.rss.width, wide.image.rss.height]).toEqual([144, 81]);
		const upright = catalog.get("images/2026/Upright Photo.jpg");
		if (!upright?.ok) throw new Error("the upright photo was not catalogued");
		expect(upright.image.sizes.map((s) => [s.width, s.height])).toEqual([
			[144, 216],
			[200, 300],
		]);
		expect(upright.image.sizes[0]?.url).toMatch(/^\/images\/2026-upright-photo-144w\.[0-9a-f]{10}\.jpg$/);
		// Transparency stays: PNG; the crops are at most the short side.
		const small = catalog.get("images/small.png");
		if (!small?.ok) throw new Error("small.png was not catalogued");
		expect(small.image.sizes.map((s) => [s.type, s.width])).toEqual([["image/png", 100]]);
		expect(small.image.squares?.map((s) => s.width)).toEqual([60]);
	});

	it("are named by their bytes, match their stated size, and carry no metadata", async () => {
		const wide = catalog.get("images/wide.jpg");
		if (!wide?.ok) throw new Error("wide.jpg was not catalogued");
		for (const size of [...wide.image.sizes, ...(wide.image.squares ?? [])]) {
			const bytes = readFileSync(files.get(size.url) as string);
			expect(bytes.byteLength).toBe(size.bytes);
			const meta = await sharp(bytes).metadata();
			expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", size.width, size.height]);
			expect(meta.exif).toBeUndefined();
		}
		const upright = catalog.get("images/2026/Upright Photo.jpg");
		if (!upright?.ok) throw new Error("not catalogued");
		const meta = await sharp(readFileSync(files.get(upright.image.sizes[1]?.url as string) as string)).metadata();
		expect([meta.width, meta.height, meta.orientation]).toEqual([200, 300, undefined]);
	});

	it("are encoded once: a second catalogue of the same files reads the cache and agrees", async () => {
		const again = await catalogImages(content, cache);
		expect([...again.catalog]).toEqual([...catalog]);
	});

	it("are published with a _headers file that caches them for a year", () => {
		const out = join(dir, "public");
		publishImages(files, out);
		expect(readFileSync(join(out, "_headers"), "utf8")).toBe(HEADERS_FILE);
		expect(HEADERS_FILE).toContain("Cache-Control: public, max-age=31536000, immutable");
		for (const url of files.keys()) expect(readFileSync(join(out, url)).equals(readFileSync(files.get(url) as string)));
	});
});

describe("an article's lead image", () => {
	it("is compiled with its text and every size", () => {
		const compiled = compileContent(
			withImage(
				"image:\n  src: images/wide.jpg\n  alt: A wide view\n  caption: The set.\n  credit: 'Photo: A. N. Other'\n",
			),
		);
		expect(compiled.articles[0]?.image).toMatchObject({
			alt: "A wide view",
			caption: "The set.",
			credit: "Photo: A. N. Other",
			sizes: expect.arrayContaining([expect.objectContaining({ width: 1200, type: "image/jpeg" })]),
		});
	});

	it("may be remote, https only, with its size and a known type", () => {
		const compiled = compileContent(
			withImage("image:\n  src: https://cdn.example.org/a.webp\n  alt: A remote view\n  width: 800\n  height: 450\n"),
		);
		expect(compiled.articles[0]?.image?.sizes).toEqual([
			{ url: "https://cdn.example.org/a.webp", width: 800, height: 450, type: "image/webp" },
		]);
	});

	it("stops the build at the file, line and field: no file, no alt text, unreadable, remote without a size", () => {
		const cases: [string, string, string | RegExp][] = [
			[
				"image:\n  src: images/wid.jpg\n  alt: A view\n",
				"image.src",
				/content\/images\/wid\.jpg does not exist: did you mean images\/wide\.jpg/,
			],
			["image:\n  src: images/wide.jpg\n", "image.alt", /is required: say what the image shows/],
			["image:\n  src: images/wide.jpg\n  alt: '  '\n", "image.alt", /must not be empty/],
			[
				"image:\n  src: images/broken.jpg\n  alt: Broken\n",
				"image.src",
				/content\/images\/broken\.jpg is not an image reelfeed can read/,
			],
			["image:\n  src: images/drawing.svg\n  alt: A drawing\n", "image.src", /SVG.*publish JPEG, PNG/],
			["image:\n  src: ../secrets.jpg\n  alt: Out\n", "image.src", /neither a file under content\/images\//],
			["image:\n  src: images/../site.yaml\n  alt: Out\n", "image.src", /neither a file under content\/images\//],
			["image:\n  src: http://cdn.example.org/a.jpg\n  alt: Plain\n  width: 1\n  height: 1\n", "image.src", /https/],
			[
				"image:\n  src: https://cdn.example.org/a.jpg\n  alt: No size\n  height: 10\n",
				"image.width",
				/required for a remote image/,
			],
			[
				"image:\n  src: https://cdn.example.org/a\n  alt: No type\n  width: 1\n  height: 1\n",
				"image.src",
				/must end in \.jpg/,
			],
			["image:\n  src: images/wide.jpg\n  alt: Sized\n  width: 5\n", "image.width", /read from the file itself/],
			["image:\n  src: images/wide.jpg\n  alt: Unknown\n  colour: red\n", "image.colour", /unknown field/],
		];
		for (const [yaml, field, message] of cases) {
			const found = problems(withImage(yaml));
			// The field's own line; for one that is missing, the first line of the image's fields.
			const at = yaml.split("\n").findIndex((l) => l.trimStart().startsWith(`${field.split(".")[1]}:`));
			expect(found, yaml).toEqual([
				{
					file: "content/articles/pictured.md",
					line: at < 0 ? 5 : 4 + at,
					field,
					message: expect.stringMatching(message),
				},
			]);
		}
	});

	it("names every problem at once, in the registries too", () => {
		const people = `${PEOPLE}- slug: tom-holland\n  name: Tom Holland\n  description: Actor.\n  image:\n    src: images/nobody.jpg\n    alt: Nobody\n`;
		const found = problems({
			...withImage("image:\n  src: images/nope.jpg\n  alt: A view\n"),
			people: { path: "content/people.yaml", text: people },
		});
		expect(found.map((p) => `${p.file}:${p.line}: ${p.field}`)).toEqual([
			"content/people.yaml:15: [3].image.src",
			"content/articles/pictured.md:5: image.src",
		]);
	});
});

describe("images in an article's text", () => {
	it("that name a file of content/images are published at their widest size, with its size", () => {
		const compiled = compileContent(withImage("", "Text.\n\n![A wide view](../images/wide.jpg)\n"));
		const html = compiled.articles[0]?.html ?? "";
		expect(html).toMatch(
			/<img src="https:\/\/reelfeed\.invalid\/images\/wide-1200w\.[0-9a-f]{10}\.jpg" alt="A wide view" width="1200" height="675" \/>/,
		);
		expect(compiled.articles[0]?.hasRelativeUrls).toBe(true);
	});

	it("that name no such file stop the build at their line; images elsewhere stay as written", () => {
		const found = problems(withImage("", "Text.\n\n![Gone](/images/gone.jpg)\n"));
		expect(found).toEqual([
			{
				file: "content/articles/pictured.md",
				line: 7,
				field: "",
				message: expect.stringContaining('image "/images/gone.jpg": content/images/gone.jpg does not exist'),
			},
		]);
		const compiled = compileContent(withImage("", "Text.\n\n![Far](https://cdn.example.org/far.jpg)\n"));
		expect(compiled.articles[0]?.html).toContain('<img src="https://cdn.example.org/far.jpg" alt="Far" />');
	});
});
