/**
 * Static assets (the stylesheet, client scripts, the icon), built by scripts/build-assets.ts and
 * served from memory with an ETag; they change only on deploy.
 */
import type { Context } from "hono";
import { assets } from "../assets/compiled.js";
import { quoted } from "../feeds/escape.ts";
import { conditionsOf, isNotModified } from "./conditional.ts";
import { notFound } from "./errors.ts";

const ASSET_CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=86400";

type Asset = { body: Uint8Array; type: string; etag: string };

/**
 * By name, in a Map: a name from the URL is only ever looked up among the assets themselves,
 * never among an object's inherited properties (`constructor`, `__proto__`).
 */
const table = new Map<string, { body: string; type: string; etag: string } | Asset>(Object.entries(assets));

function assetNamed(name: string): Asset | undefined {
	const entry = table.get(name);
	if (entry === undefined || entry.body instanceof Uint8Array) return entry as Asset | undefined;
	const decoded = { ...entry, body: Uint8Array.from(atob(entry.body), (c) => c.charCodeAt(0)) };
	table.set(name, decoded);
	return decoded;
}

export function assetResponse(c: Context, name: string): Response {
	const asset = assetNamed(name);
	if (!asset) throw notFound(`There is no asset ${quoted(name)}.`);
	const headers = {
		etag: asset.etag,
		"cache-control": ASSET_CACHE_CONTROL,
		"content-type": asset.type,
		// An asset opened on its own (the SVG icon above all) runs nothing and reaches nothing.
		"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
	};
	if (isNotModified(conditionsOf(c.req.raw.headers), { etag: asset.etag }))
		return new Response(null, { status: 304, headers });
	return new Response(c.req.method === "HEAD" ? null : asset.body, {
		headers: { ...headers, "content-length": String(asset.body.byteLength) },
	});
}
