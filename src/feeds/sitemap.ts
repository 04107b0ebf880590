/**
 * Sitemaps (https://www.sitemaps.org/protocol.html): every page a search engine should know, with
 * the date it last changed. A file holds at most 50,000 URLs (and 50 MB, which 50,000 of ours stay
 * far below); past that, /sitemap.xml is a sitemap index of numbered files.
 */
import { articles, content, type Edition, ENTITY_TYPE_NAMES, type Entity } from "../content/index.ts";
import { escapeHtml } from "./escape.ts";
import { paths } from "./urls.ts";

/** The protocol's limit of URLs per file. */
export const SITEMAP_URLS = 50_000;

type Entry = { path: string; lastmod: string };

/**
 * When an entity's page last changed in a way a search engine cares about: the latest update of
 * its visible articles (the build's record of it, and those an embargo lifting revealed since), or
 * the content's newest for one with none. From the content alone, so the same content gives the
 * same sitemap whenever it is built.
 */
function entityLastmod(ed: Edition, e: Entity): string {
	let newest = (e as Entity & { latest: string }).latest;
	// Its newest article by date may not be its latest updated (an old story corrected).
	const built = content.embargoes.length;
	if (ed.hidden < built)
		for (const i of ed.listOf(e)) {
			if (i >= built) break;
			const updated = articles.at(i)?.updated ?? "";
			if (updated > newest) newest = updated;
		}
	return newest || ed.updated;
}

/**
 * Every page the edition shows, in a fixed order: the home page, each type's directory and
 * entities, then every article, newest first. Read a range at a time: a file of 50,000 reads its
 * own entries, not the archive's.
 */
function entries(ed: Edition): { count: number; range: (from: number, to: number) => Entry[] } {
	const segments = ENTITY_TYPE_NAMES.map((type) => ({ type, count: 1 + ed.entityCount(type).all }));
	const fixed = 1 + segments.reduce((sum, s) => sum + s.count, 0);
	return {
		count: fixed + ed.count,
		range(from, to) {
			const out: Entry[] = [];
			if (from === 0 && to > 0) out.push({ path: paths.home(), lastmod: ed.updated });
			let offset = 1;
			for (const { type, count } of segments) {
				const a = Math.max(from, offset);
				const b = Math.min(to, offset + count);
				if (a < b) {
					if (a === offset) out.push({ path: paths.directory(type), lastmod: ed.updated });
					// The segment's entities: its directory is its first entry.
					const first = Math.max(0, a - offset - 1);
					const last = b - offset - 1;
					for (const e of ed.entitiesOf(type, first, last))
						out.push({ path: paths.entity(type, e.slug), lastmod: entityLastmod(ed, e) });
				}
				offset += count;
			}
			const a = Math.max(from, fixed);
			const b = Math.min(to, fixed + ed.count);
			if (a < b) {
				const positions = Array.from({ length: b - a }, (_, i) => a - fixed + ed.hidden + i);
				articles.need(positions);
				for (const p of positions) {
					const article = articles.at(p);
					if (!article) throw new Error(`no sitemap entry for article ${p}`);
					out.push({ path: paths.article(article.slug), lastmod: article.updated });
				}
			}
			return out;
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
	const lines = all
		.range(from, Math.min(all.count, from + perFile))
		.map(({ path, lastmod }) => `  <url><loc>${escapeHtml(origin + path)}</loc><lastmod>${lastmod}</lastmod></url>`);
	return `${HEAD}<urlset ${NS}>\n${lines.join("\n")}\n</urlset>\n`;
}

/**
 * /sitemap.xml: the one urlset, or an index of the numbered files when there is more than one.
 * The index gives no lastmod (optional in the protocol): it would read every article of the archive.
 */
export function sitemap(ed: Edition, origin: string, perFile = SITEMAP_URLS): string {
	const files = sitemapFiles(ed, perFile);
	if (files === 1) return sitemapFile(ed, origin, 1, perFile) as string;
	const lines = Array.from(
		{ length: files },
		(_, k) => `  <sitemap><loc>${escapeHtml(origin + paths.sitemapFile(k + 1))}</loc></sitemap>`,
	);
	return `${HEAD}<sitemapindex ${NS}>\n${lines.join("\n")}\n</sitemapindex>\n`;
}

/** /robots.txt: everything may be crawled but the embed pages (framed elsewhere), and where the sitemap is. */
export const robots = (origin: string): string =>
	`User-agent: *\nDisallow: ${paths.embeds()}\n\nSitemap: ${origin}${paths.sitemap()}\n`;
