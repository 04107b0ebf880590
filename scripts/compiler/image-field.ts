/**
 * An `image:` field (an article's lead image, a registry entry's portrait or poster) made into
 * the compiled Image: a local file looked up among the published images, or an https URL, whose
 * size the field must give since the build does not fetch it (builds are offline and give the
 * same bytes every time).
 */
import { suggestSlugs } from "../../src/content/suggest.ts";
import type { Image, ImageFile } from "../../src/content/types.ts";
import type { ImageCatalog } from "./images.ts";
import type { ImageEntry } from "./schema.ts";

/** Records a problem at a field under `image` ("src", "width"…). */
export type ImageProblem = (field: keyof ImageEntry, message: string) => void;

/** A remote image's media type, from its path's extension. */
const REMOTE_TYPES: Record<string, string> = {
	jpg: "image/jpeg",
	jpeg: "image/jpeg",
	png: "image/png",
	webp: "image/webp",
	gif: "image/gif",
	avif: "image/avif",
};

/** Why a local path names no publishable image, and what it may have meant. */
function missing(path: string, catalog: ImageCatalog): string {
	const files = [...catalog.keys()].map((key) => ({ slug: key, name: key, aliases: [] }));
	const like = suggestSlugs(path, files, 3);
	return `content/${path} does not exist${like.length ? `: did you mean ${like.join(" or ")}?` : ""}`;
}

/**
 * A local image path ("images/set.jpg", "/images/set.jpg") as its catalog key, or undefined for
 * one that is not under images/ or climbs out of it.
 */
export function localImageKey(src: string): string | undefined {
	const path = src.replace(/^\/+/, "");
	if (!path.startsWith("images/")) return undefined;
	if (path.split("/").some((part) => part === ".." || part === "." || part === "")) return undefined;
	return path;
}

/** A local image's sizes, or a problem. */
export function lookUpImage(
	src: string,
	catalog: ImageCatalog,
): { ok: true; image: Omit<Image, "alt"> } | { ok: false; message: string } {
	const key = localImageKey(src);
	if (key === undefined)
		return {
			ok: false,
			message: `"${src}" is neither a file under content/images/ (images/still.jpg) nor an https URL`,
		};
	const entry = catalog.get(key);
	if (!entry) return { ok: false, message: missing(key, catalog) };
	if (!entry.ok) return { ok: false, message: `content/${key} ${entry.message}` };
	return { ok: true, image: entry.image };
}

export function compileImage(entry: ImageEntry, catalog: ImageCatalog, problem: ImageProblem): Image | undefined {
	const text = {
		alt: entry.alt,
		...(entry.caption ? { caption: entry.caption } : {}),
		...(entry.credit ? { credit: entry.credit } : {}),
	};
	if (/^[a-z][a-z0-9+.-]*:/i.test(entry.src)) return remoteImage(entry, text, problem);
	if (entry.width !== undefined || entry.height !== undefined) {
		problem(entry.width !== undefined ? "width" : "height", "is read from the file itself: remove it");
		return undefined;
	}
	const found = lookUpImage(entry.src, catalog);
	if (!found.ok) {
		problem("src", found.message);
		return undefined;
	}
	return { ...text, ...found.image };
}

function remoteImage(entry: ImageEntry, text: Pick<Image, "alt" | "caption" | "credit">, problem: ImageProblem) {
	let url: URL;
	try {
		url = new URL(entry.src);
	} catch {
		problem("src", `"${entry.src}" is not a URL`);
		return undefined;
	}
	if (url.protocol !== "https:" || url.username || url.password) {
		problem("src", "a remote image must be an https URL (with no user name or password)");
		return undefined;
	}
	const extension = url.pathname.slice(url.pathname.lastIndexOf(".") + 1).toLowerCase();
	const type = REMOTE_TYPES[extension];
	let ok = true;
	if (!type) {
		problem(
			"src",
			`must end in .jpg, .png, .webp, .gif or .avif, so readers know its type; or put the file under content/images/`,
		);
		ok = false;
	}
	for (const side of ["width", "height"] as const)
		if (entry[side] === undefined) {
			problem(
				side,
				`is required for a remote image, which the build does not fetch: give its size in pixels (or put the file under content/images/)`,
			);
			ok = false;
		}
	if (!ok) return undefined;
	const size: ImageFile = {
		url: url.href,
		width: entry.width as number,
		height: entry.height as number,
		type: type as string,
	};
	return { ...text, sizes: [size] };
}
