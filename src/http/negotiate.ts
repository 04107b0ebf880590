/**
 * Picks the feed format an Accept header prefers (RFC 9110 § 12.5.1: q-values, wildcards); RSS,
 * the format every reader understands, when the header says nothing useful.
 */
import { FORMATS, type FormatName } from "../feeds/index.ts";

function parseAccept(header: string): { type: string; q: number }[] {
	return header.split(",").flatMap((part) => {
		const [type = "", ...params] = part.trim().toLowerCase().split(";");
		const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
		const quality = q ? Number(q.slice(2)) : 1;
		return type && Number.isFinite(quality) ? [{ type: type.trim(), q: quality }] : [];
	});
}

export function preferredFormat(accept: string | undefined): FormatName {
	if (!accept) return "rss";
	const ranges = parseAccept(accept);
	const quality = (media: string): number => {
		const [major] = media.split("/");
		const exact = ranges.find((r) => r.type === media);
		const wild = ranges.find((r) => r.type === `${major}/*`);
		return (exact ?? wild)?.q ?? 0;
	};
	let best: FormatName = "rss";
	let bestQ = 0;
	for (const format of Object.values(FORMATS)) {
		const q = Math.max(...format.accepts.map(quality));
		if (q > bestQ) [best, bestQ] = [format.name, q];
	}
	return best;
}
