/**
 * The site's icons, every one from the one source, content/icon.svg (or the default in
 * src/assets/icon.svg when the content has none): each PNG rasterized by sharp (libvips), and
 * /favicon.ico made of three of them. Which files, at what sizes and for whom: ICONS in
 * src/feeds/icons.ts.
 */
import sharp from "sharp";
import { ICONS, type Icon } from "../src/feeds/icons.ts";

/**
 * What an SVG served from the site's origin may not hold: anything that runs (a script, an event
 * handler, a javascript: link) or pulls in other documents (foreignObject, an external reference).
 */
const UNSAFE_SVG = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']\s*(?!#)/i;

/** One icon, drawn from the SVG at its size (the logo: the icon in the middle of a 2:1 canvas). */
async function draw(svg: Buffer, icon: Icon, sourceWidth: number): Promise<Buffer> {
	const side = Math.min(icon.width, icon.height);
	// Rasterized at twice the density that gives the wanted size, whatever size the SVG says it is.
	const density = Math.min(2400, Math.max(1, (72 * side * 2) / sourceWidth));
	const transparent = { r: 0, g: 0, b: 0, alpha: 0 };
	const square = sharp(svg, { density }).resize(side, side, { fit: "contain", background: transparent });
	const image = icon.opaque ? square.flatten({ background: "#ffffff" }) : square;
	if (icon.width === icon.height) return image.png({ compressionLevel: 9 }).toBuffer();
	return sharp({ create: { width: icon.width, height: icon.height, channels: 4, background: transparent } })
		.composite([{ input: await image.png().toBuffer(), gravity: "centre" }])
		.png({ compressionLevel: 9 })
		.toBuffer();
}

/** The ICO file: a directory of images, each a PNG (the form every browser since 2007 reads). */
export function ico(images: { size: number; png: Buffer }[]): Buffer {
	const directory = Buffer.alloc(6 + 16 * images.length);
	directory.writeUInt16LE(0, 0);
	directory.writeUInt16LE(1, 2); // icon
	directory.writeUInt16LE(images.length, 4);
	let offset = directory.length;
	images.forEach(({ size, png }, i) => {
		const at = 6 + 16 * i;
		directory.writeUInt8(size % 256, at);
		directory.writeUInt8(size % 256, at + 1);
		directory.writeUInt16LE(1, at + 4); // colour planes
		directory.writeUInt16LE(32, at + 6); // bits per pixel
		directory.writeUInt32LE(png.length, at + 8);
		directory.writeUInt32LE(offset, at + 12);
		offset += png.length;
	});
	return Buffer.concat([directory, ...images.map((i) => i.png)]);
}

/** Every icon file, by name, from the SVG source. */
export async function siteIcons(svg: Buffer): Promise<{ file: string; body: Buffer; type: string }[]> {
	if (UNSAFE_SVG.test(svg.toString("utf8")))
		throw new Error(
			"icon.svg: an icon may hold no script, event handler, foreignObject or external link (it is served from the site)",
		);
	// A source that is not an image stops the build here, with sharp's reason.
	const { width = 64, height = 64 } = await sharp(svg).metadata();
	const sourceWidth = Math.max(width, height);
	const files: { file: string; body: Buffer; type: string }[] = [];
	for (const icon of Object.values(ICONS) as Icon[]) {
		if (icon.type === "image/svg+xml") files.push({ file: icon.file, body: svg, type: `${icon.type}; charset=utf-8` });
		else if (icon.type === "image/x-icon") {
			const sizes = [16, 32, 48];
			const pngs = await Promise.all(
				sizes.map(async (size) => ({
					size,
					png: await draw(svg, { ...icon, width: size, height: size }, sourceWidth),
				})),
			);
			files.push({ file: icon.file, body: ico(pngs), type: icon.type });
		} else files.push({ file: icon.file, body: await draw(svg, icon, sourceWidth), type: icon.type });
	}
	return files;
}
