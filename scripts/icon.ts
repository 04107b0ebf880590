/**
 * The site's icons, every one from the one source, content/icon.svg (or the default in
 * src/assets/icon.svg when the content has none): each PNG rasterized by sharp (libvips), and
 * /favicon.ico made of three of them. Which files, at what sizes and for whom: ICONS in
 * src/feeds/icons.ts.
 */
import sharp from "sharp";
import { ICONS, type Icon } from "../src/feeds/icons.ts";

/** One icon, drawn from the SVG at its size (the logo: the icon in the middle of a 2:1 canvas). */
async function draw(svg: Buffer, icon: Icon): Promise<Buffer> {
	const side = Math.min(icon.width, icon.height);
	// Rasterized at the density that gives the wanted size, not scaled from a small bitmap.
	const square = sharp(svg, { density: Math.max(72, (72 * side) / 64) * 2 }).resize(side, side);
	const image = icon.opaque ? square.flatten({ background: "#ffffff" }) : square;
	if (icon.width === icon.height) return image.png({ compressionLevel: 9 }).toBuffer();
	const transparent = { r: 0, g: 0, b: 0, alpha: 0 };
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
	// A source that is not an image stops the build here, with sharp's reason.
	await sharp(svg).metadata();
	const files: { file: string; body: Buffer; type: string }[] = [];
	for (const icon of Object.values(ICONS) as Icon[]) {
		if (icon.type === "image/svg+xml") files.push({ file: icon.file, body: svg, type: `${icon.type}; charset=utf-8` });
		else if (icon.type === "image/x-icon") {
			const sizes = [16, 32, 48];
			const pngs = await Promise.all(
				sizes.map(async (size) => ({ size, png: await draw(svg, { ...icon, width: size, height: size }) })),
			);
			files.push({ file: icon.file, body: ico(pngs), type: icon.type });
		} else files.push({ file: icon.file, body: await draw(svg, icon), type: icon.type });
	}
	return files;
}
