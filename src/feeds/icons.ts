/**
 * The site's icons: every file made from the one icon source (content/icon.svg) at build time
 * (scripts/build-assets.ts), and who uses each. Pages link them (NetNewsWire, for one, takes a
 * feed's icon from the site's home page), feeds carry them, and the web app manifest lists them.
 */
import { paths } from "./urls.ts";

export type Icon = {
	/** Its file name under /assets (the favicon is also at /favicon.ico). */
	file: string;
	width: number;
	height: number;
	type: string;
	/** Drawn on an opaque white square (Apple's home screen fills transparency with black). */
	opaque?: boolean;
};

export const ICONS = {
	/** The source itself, for browsers that take SVG icons. */
	svg: { file: "icon.svg", width: 64, height: 64, type: "image/svg+xml" },
	/** /favicon.ico: 16, 32 and 48 pixels in one file, which browsers and readers fetch unasked. */
	favicon: { file: "favicon.ico", width: 48, height: 48, type: "image/x-icon" },
	/** <link rel="apple-touch-icon">. */
	touch: { file: "apple-touch-icon.png", width: 180, height: 180, type: "image/png", opaque: true },
	/** The manifest's icons; the large one is JSON Feed's `icon` (512 × 512, as the spec suggests). */
	small: { file: "icon-192.png", width: 192, height: 192, type: "image/png" },
	large: { file: "icon-512.png", width: 512, height: 512, type: "image/png" },
	/** RSS <image>: at most 144 pixels wide (RSS 2.0 spec). */
	rss: { file: "icon-144.png", width: 144, height: 144, type: "image/png" },
	/** Atom <icon> and JSON Feed `favicon`: small and square. */
	favicon64: { file: "icon-64.png", width: 64, height: 64, type: "image/png" },
	/** Atom <logo>: twice as wide as high (RFC 4287 § 4.2.8), the icon in its middle. */
	logo: { file: "logo.png", width: 256, height: 128, type: "image/png" },
} as const satisfies Record<string, Icon>;

export type IconName = keyof typeof ICONS;

/** An icon's absolute URL. */
export const iconUrl = (origin: string, name: IconName): string =>
	origin + (name === "favicon" ? paths.favicon() : paths.asset(ICONS[name].file));
