/**
 * The site's icon as /favicon.ico, which feed readers and browsers fetch without asking the page:
 * the shapes of src/assets/icon.svg (a rounded square, a dot and two arcs: the feed symbol),
 * drawn at 16, 32 and 48 pixels with 4×4 supersampling, each a PNG inside one ICO file (the form
 * every browser since 2007 reads).
 */
import { crc32, deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];

const ORANGE: Rgba = [0xb3, 0x47, 0x00, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** What covers point (x, y) of the 64×64 design, front first; undefined outside the rounded square. */
function paint(x: number, y: number): Rgba | undefined {
	const r = 14;
	const cx = Math.min(Math.max(x, r), 64 - r);
	const cy = Math.min(Math.max(y, r), 64 - r);
	if ((x - cx) ** 2 + (y - cy) ** 2 > r * r || x < 0 || y < 0 || x > 64 || y > 64) return undefined;
	if ((x - 18.5) ** 2 + (y - 45.5) ** 2 <= 5.5 ** 2) return WHITE;
	// Each arc: a quarter circle centred on (16, 48), from the left edge up to the top, 7 wide.
	for (const radius of [18, 32]) {
		const d = Math.hypot(x - 16, y - 48);
		const inQuarter = x >= 16 && y <= 48;
		const ends = [
			[16, 48 - radius],
			[16 + radius, 48],
		] as const;
		if ((inQuarter && Math.abs(d - radius) <= 3.5) || ends.some(([ex, ey]) => Math.hypot(x - ex, y - ey) <= 3.5))
			return WHITE;
	}
	return ORANGE;
}

function render(size: number): Uint8Array {
	const samples = 4;
	const pixels = new Uint8Array(size * size * 4);
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			const sum = [0, 0, 0, 0];
			for (let sy = 0; sy < samples; sy++) {
				for (let sx = 0; sx < samples; sx++) {
					const colour = paint(((px + (sx + 0.5) / samples) * 64) / size, ((py + (sy + 0.5) / samples) * 64) / size);
					if (!colour) continue;
					for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (colour[k] as number) * colour[3];
					sum[3] = (sum[3] as number) + colour[3];
				}
			}
			const alpha = (sum[3] as number) / (samples * samples);
			const at = (py * size + px) * 4;
			for (let k = 0; k < 3; k++) pixels[at + k] = sum[3] ? Math.round((sum[k] as number) / (sum[3] as number)) : 0;
			pixels[at + 3] = Math.round(alpha);
		}
	}
	return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, "ascii");
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** An RGBA image as a PNG file (one IDAT, filter 0 on every row). */
function png(size: number, pixels: Uint8Array): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
	const rows = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk("IHDR", header),
		chunk("IDAT", deflateSync(rows, { level: 9 })),
		chunk("IEND", new Uint8Array()),
	]);
}

/** The ICO file: a directory of images, each a PNG. */
export function favicon(sizes: readonly number[] = [16, 32, 48]): Buffer {
	const images = sizes.map((size) => png(size, render(size)));
	const directory = Buffer.alloc(6 + 16 * sizes.length);
	directory.writeUInt16LE(0, 0);
	directory.writeUInt16LE(1, 2); // icon
	directory.writeUInt16LE(sizes.length, 4);
	let offset = directory.length;
	sizes.forEach((size, i) => {
		const at = 6 + 16 * i;
		directory.writeUInt8(size % 256, at);
		directory.writeUInt8(size % 256, at + 1);
		directory.writeUInt16LE(1, at + 4); // colour planes
		directory.writeUInt16LE(32, at + 6); // bits per pixel
		directory.writeUInt32LE((images[i] as Buffer).length, at + 8);
		directory.writeUInt32LE(offset, at + 12);
		offset += (images[i] as Buffer).length;
	});
	return Buffer.concat([directory, ...images]);
}
