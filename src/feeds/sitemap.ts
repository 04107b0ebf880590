/**
 * Sitemaps (https://www.sitemaps.org/protocol.html): every page a search engine should know, with
 * the date it last changed. A file holds at most 50,000 URLs (and 50 MB, which 50,000 of ours stay
 * far below); past that, /sitemap.xml is a sitemap index of numbered files.
 */
import { articles, type Edition, ENTITY_TYPE_NAMES, type Entity } from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { paths } from "./urls.ts";

/** The protocol's limit of URLs per file. */
export const SITEMAP_URLS = 50_000;

type Entry = { path: string; lastmod: string };

/**
 * When an entity's page last changed in a way a search engine cares about: the latest update of
 * its articles, or the content's newest for one with none. From the content alone, so the same content
 * gives the same sitemap whenever it is built.
 */
function entityLastmod(ed: Edition, e: Entity): string {
	// Its newest article by date may not be its latest updated (an old story corrected).
	let newest = "";
	for (const i of ed.listOf(e)) {
		const updated = articles.at(i)?.updated ?? "";
		if (updated > newest) newest = updated;
	}
	return newest || ed.updated;
}

/**
 * Every page the edition shows, in a fixed order: the home page, each type's directory and
 * entities, then every article, newest first.
 */
function entries(ed: Edition): { count: number; at: (k: number) => Entry } {
	const fixed: Entry[] = [{ path: paths.home(), lastmod: ed.updated }];
	for (const type of ENTITY_TYPE_NAMES) {
		fixed.push({ path: paths.directory(type), lastmod: ed.updated });
		for (const e of ed.entitiesOf(type))
			fixed.push({ path: paths.entity(type, e.slug), lastmod: entityLastmod(ed, e) });
	}
	return {
		count: fixed.length + ed.count,
		at: (k) => {
			if (k < fixed.length) return fixed[k] as Entry;
			const a = articles.at(k - fixed.length + ed.hidden);
			if (!a) throw new Error(`no sitemap entry ${k}`);
			return { path: paths.article(a.slug), lastmod: a.updated };
		},
	};
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

/** How many sitemap files the site needs; 1 means /sitemap.xml is the urlset itself. */
export const sitemapFiles = (ed: Edition, perFile = SITEMAP_URLS): number =>
	Math.max(1, Math.ceil(entries(ed).count / perFile));

/** Sitemap file `k` (1-based) of `files`: its URLs, or undefined past the last. */
export function sitemapFile(ed: Edition, origin: string, k: number, perFile = SITEMAP_URLS): string | undefined {
	const all = entries(ed);
	const from = (k - 1) * perFile;
	if (!Number.isInteger(k) || k < 1 || from >= all.count) return undefined;
	const lines: string[] = [];
	for (let i = from; i < Math.min(all.count, from + perFile); i++) {
		const { path, lastmod } = all.at(i);
		lines.push(`  <url><loc>${escapeHtml(origin + path)}</loc><lastmod>${lastmod}</lastmod></url>`);
	}
	return `${HEAD}<urlset ${NS}>\n${lines.join("\n")}\n</urlset>\n`;
}

/** /sitemap.xml: the one urlset, or an index of the numbered files when there is more than one. */
export function sitemap(ed: Edition, origin: string, perFile = SITEMAP_URLS): string {
	const files = sitemapFiles(ed, perFile);
	if (files === 1) return sitemapFile(ed, origin, 1, perFile) as string;
	const all = entries(ed);
	const lines: string[] = [];
	for (let k = 1; k <= files; k++) {
		let newest = "";
		for (let i = (k - 1) * perFile; i < Math.min(all.count, k * perFile); i++) {
			const { lastmod } = all.at(i);
			if (lastmod > newest) newest = lastmod;
		}
		lines.push(
			`  <sitemap><loc>${escapeHtml(origin + paths.sitemapFile(k))}</loc><lastmod>${newest}</lastmod></sitemap>`,
		);
	}
	return `${HEAD}<sitemapindex ${NS}>\n${lines.join("\n")}\n</sitemapindex>\n`;
}

/** /robots.txt: everything may be crawled but the embed pages (framed elsewhere), and where the sitemap is. */
export const robots = (origin: string): string =>
	`User-agent: *\nDisallow: ${paths.embeds()}\n\nSitemap: ${origin}${paths.sitemap()}\n`;
