/**
 * Static assets (stylesheets, client scripts), built and minified by scripts/build-assets.ts and
 * served from memory with an ETag; they change only on deploy.
 */
import type { Context } from "hono";
import { assets } from "../assets/compiled.js";
import { conditionsOf, isNotModified } from "./conditional.ts";
import { notFound } from "./errors.ts";

const ASSET_CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=86400";

export function assetResponse(c: Context, name: string): Response {
	const asset = assets[name];
	if (!asset) throw notFound(`There is no asset "${name}".`);
	const headers = { etag: asset.etag, "cache-control": ASSET_CACHE_CONTROL, "content-type": asset.type };
	if (isNotModified(conditionsOf(c.req.raw.headers), { etag: asset.etag }))
		return new Response(null, { status: 304, headers });
	return new Response(asset.body, { headers });
}
