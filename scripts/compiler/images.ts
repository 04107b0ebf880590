/**
 * The content's images (content/images/): each file read once by sharp (libvips), and published
 * in the sizes readers and link previews expect, under content-hashed URLs that never change
 * meaning, so they are cached for a year (see publishImages). The compiler only looks sizes up
 * here (ImageCatalog): it stays pure and synchronous.
 *
 * Sizes, for whom:
 * - by width, 144 to 1200 pixels, never enlarged: the widest is the image itself (Media RSS
 *   media:content, og:image, JSON Feed `image`, the figure in feeds); 320 is the thumbnail
 *   (media:thumbnail, the embeds); all of them are the article page's srcset;
 * - square crops of 128 and 512 pixels (at most the short side), centred on what libvips finds
 *   most salient: a person's or a film's feed icon (Atom <icon>, JSON Feed `icon`);
 * - one that fits RSS <image>'s 144 × 400 pixels (RSS 2.0: width at most 144, height at most 400).
 * Opaque images are published as progressive JPEG, images with transparency as PNG (what every
 * feed reader and link preview displays), turned upright from their EXIF orientation and stripped
 * of their metadata (a phone's photo carries where it was taken).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import sharp from "sharp";
import type { ImageFile } from "../../src/content/types.ts";

type Pipeline = ReturnType<typeof sharp>;
type Metadata = Awaited<ReturnType<Pipeline["metadata"]>>;

/** Where published images live on the site: under this path, as files of the static assets. */
export const IMAGES_PATH = "/images/";

/** The widths an image is published at, narrowest first (each at most the original's). */
export const WIDTHS = [144, 320, 640, 1200] as const;
/** The square crops, smallest first. */
export const SQUARES = [128, 512] as const;
/** RSS <image>'s bounds (RSS 2.0 § image: width at most 144, height at most 400). */
export const RSS_IMAGE = { width: 144, height: 400 } as const;

/** The source formats read; SVG is not one (a drawing is no photograph, and may run scripts). */
const READABLE = new Set(["jpeg", "png", "webp", "avif", "gif", "tiff", "heif"]);

/** Every size of one local image, as the compiler records them (URLs are paths on the site). */
export type LocalImage = {
	sizes: ImageFile[];
	squares: ImageFile[];
	rss: ImageFile;
};

/** An image file of content/images: its sizes, or why it cannot be published. */
export type CatalogEntry = { ok: true; image: LocalImage } | { ok: false; message: string };

/** content/images by path relative to the content folder ("images/set.jpg"). */
export type ImageCatalog = ReadonlyMap<string, CatalogEntry>;

/** A published file: its URL path and where its bytes are. */
type Published = ImageFile & { file: string };

type CachedImage = { image: LocalImage; files: Record<string, string> } | { error: string };

/** What the encoded bytes depend on besides the source: a change here re-encodes every image. */
const ENCODER = JSON.stringify({
	sharp: sharp.versions.sharp,
	vips: sharp.versions.vips,
	widths: WIDTHS,
	squares: SQUARES,
	rss: RSS_IMAGE,
	jpeg: { quality: 82, progressive: true, mozjpeg: true },
	png: { compressionLevel: 9 },
});

const hash = (bytes: Uint8Array | string, length: number) =>
	createHash("sha256").update(bytes).digest("hex").slice(0, length);

/** The stem of a published file's name: the source's path under images/, as one URL-safe word. */
function stemOf(path: string): string {
	const base = path
		.replace(/^images\//, "")
		.replace(/\.[^./]+$/, "")
		.normalize("NFKD")
		.replace(/[^A-Za-z0-9]+/g, "-")
		.replace(/^-+|-+$/g, "")
		.toLowerCase()
		.slice(0, 80);
	return base || "image";
}

/** One size: encoded, named by its bytes' hash, written to the cache. */
async function encode(
	pipeline: Pipeline,
	alpha: boolean,
	stem: string,
	suffix: string,
	cache: string,
): Promise<Published> {
	const encoded = alpha
		? pipeline.png({ compressionLevel: 9 })
		: pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 82, progressive: true, mozjpeg: true });
	const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
	const ext = alpha ? "png" : "jpg";
	const name = `${stem}-${suffix}.${hash(data, 10)}.${ext}`;
	const file = join(cache, name);
	if (!existsSync(file)) writeFileSync(file, data);
	return {
		url: IMAGES_PATH + name,
		width: info.width,
		height: info.height,
		type: alpha ? "image/png" : "image/jpeg",
		bytes: data.byteLength,
		file: name,
	};
}

/** Every size of one source image, or why it cannot be read. */
async function encodeAll(source: Buffer, stem: string, cache: string): Promise<CachedImage> {
	let meta: Metadata;
	try {
		meta = await sharp(source).metadata();
	} catch (error) {
		return { error: `is not an image reelfeed can read (${error instanceof Error ? error.message : error})` };
	}
	if (!meta.format || !READABLE.has(meta.format))
		return {
			error: `is ${meta.format ? `a ${meta.format.toUpperCase()} file` : "of no known format"}; publish JPEG, PNG, WebP, AVIF, GIF or TIFF`,
		};
	const upright = () => sharp(source).autoOrient();
	// EXIF orientations 5 to 8 turn the image a quarter: its width is then its stored height.
	const turned = (meta.orientation ?? 1) >= 5;
	const width = (turned ? meta.height : meta.width) ?? 0;
	const height = (turned ? meta.width : meta.height) ?? 0;
	const alpha = meta.hasAlpha === true;
	if (!width || !height) return { error: "has no width or height that reelfeed can read" };
	try {
		const widths = [...new Set([...WIDTHS.filter((w) => w < width), Math.min(width, WIDTHS.at(-1) as number)])];
		const sizes: Published[] = [];
		for (const w of widths)
			sizes.push(await encode(upright().resize({ width: w, withoutEnlargement: true }), alpha, stem, `${w}w`, cache));
		const squares: Published[] = [];
		for (const s of [...new Set(SQUARES.map((s) => Math.min(s, width, height)))])
			squares.push(
				await encode(
					upright().resize({ width: s, height: s, fit: "cover", position: sharp.strategy.attention }),
					alpha,
					stem,
					`sq${s}`,
					cache,
				),
			);
		const rss = await encode(
			upright().resize({ ...RSS_IMAGE, fit: "inside", withoutEnlargement: true }),
			alpha,
			stem,
			"rss",
			cache,
		);
		const all = [...sizes, ...squares, rss];
		const strip = ({ file: _, ...f }: Published): ImageFile => f;
		return {
			image: { sizes: sizes.map(strip), squares: squares.map(strip), rss: strip(rss) },
			files: Object.fromEntries(all.map((f) => [f.url, f.file])),
		};
	} catch (error) {
		return { error: `could not be resized (${error instanceof Error ? error.message : error})` };
	}
}

/** Every file under `dir`, as paths relative to it with "/" between folders, in code-point order. */
function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile() && !f.name.startsWith("."))
		.map((f) => relative(dir, join(f.parentPath, f.name)).split(sep).join("/"))
		.sort();
}

/** A catalog of a content folder's images, and what publishing it writes. */
export type Images = {
	catalog: ImageCatalog;
	/** Each published URL path and the cached file holding its bytes. */
	files: Map<string, string>;
};

/**
 * Reads every file of `contentDir`/images and makes each size, encoding only what the cache
 * (`cacheDir`, by the source's hash and the encoder's settings) does not hold yet: a rebuild
 * after an edit re-encodes nothing.
 */
export async function catalogImages(contentDir: string, cacheDir: string): Promise<Images> {
	const dir = join(contentDir, "images");
	const catalog = new Map<string, CatalogEntry>();
	const files = new Map<string, string>();
	const encoder = hash(ENCODER, 12);
	for (const path of filesUnder(dir)) {
		const source = readFileSync(join(dir, path));
		const stem = stemOf(path);
		const cache = join(cacheDir, `${hash(source, 24)}-${stem}-${encoder}`);
		const record = join(cache, "image.json");
		let cached: CachedImage;
		if (existsSync(record)) cached = JSON.parse(readFileSync(record, "utf8")) as CachedImage;
		else {
			mkdirSync(`${cache}.tmp`, { recursive: true });
			cached = await encodeAll(source, stem, `${cache}.tmp`);
			writeFileSync(join(`${cache}.tmp`, "image.json"), JSON.stringify(cached));
			rmSync(cache, { recursive: true, force: true });
			renameSync(`${cache}.tmp`, cache);
		}
		const key = `images/${path}`;
		if ("error" in cached) {
			catalog.set(key, { ok: false, message: cached.error });
			continue;
		}
		catalog.set(key, { ok: true, image: cached.image });
		for (const [url, file] of Object.entries(cached.files)) files.set(url, join(cache, file));
	}
	return { catalog, files };
}

/**
 * What Workers Static Assets serve with every published image (its `_headers` file): a year of
 * caching, immutable, since a URL names its bytes (a changed image gets a new URL); any site may
 * use them; and no content sniffing.
 */
export const HEADERS_FILE = `${IMAGES_PATH}*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
`;

/**
 * Writes the static assets folder (wrangler.toml's [assets] directory): every published image, the
 * `_headers` file, and any other files given by path (the content's files, under
 * src/content/files.ts's CONTENT_PATH). Their names carry their bytes' hashes, so a file already
 * there with its size is kept, and only new ones are written (each written aside, then renamed):
 * a build after one edit writes a few files, not the archive. Returns `prune`, which deletes every
 * file an earlier build left that this one did not write: called once the Worker module naming the
 * new files is written, so `wrangler dev` never reads a file that is gone.
 */
export function publishImages(
	images: Map<string, string>,
	publicDir: string,
	others: Map<string, Uint8Array> = new Map(),
	/** Paths the build wrote there itself, which pruning keeps. */
	kept: Iterable<string> = [],
): { prune: () => void; written: number } {
	type Source = { size: () => number; bytes: () => Uint8Array };
	const wanted = new Map<string, Source>();
	const fromFile = (file: string): Source => ({ size: () => statSync(file).size, bytes: () => readFileSync(file) });
	const fromBytes = (bytes: Uint8Array): Source => ({ size: () => bytes.byteLength, bytes: () => bytes });
	for (const [url, file] of images) wanted.set(url.replace(/^\/+/, ""), fromFile(file));
	for (const [path, bytes] of others) wanted.set(path.replace(/^\/+/, ""), fromBytes(bytes));
	const headers = new TextEncoder().encode(HEADERS_FILE);
	wanted.set("_headers", fromBytes(headers));
	let written = 0;
	for (const [path, source] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const target = join(publicDir, path);
		const same =
			existsSync(target) &&
			statSync(target).size === source.size() &&
			(path !== "_headers" || readFileSync(target).equals(headers));
		if (same) continue;
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(`${target}.tmp`, source.bytes());
		renameSync(`${target}.tmp`, target);
		written++;
	}
	const keep = new Set([...kept].map((path) => path.replace(/^\/+/, "")));
	const prune = () => {
		if (!existsSync(publicDir)) return;
		for (const entry of readdirSync(publicDir, { recursive: true, withFileTypes: true })) {
			if (!entry.isFile()) continue;
			const path = relative(publicDir, join(entry.parentPath, entry.name)).split(sep).join("/");
			if (!wanted.has(path) && !keep.has(path)) rmSync(join(publicDir, path), { force: true });
		}
	};
	return { prune, written };
}
