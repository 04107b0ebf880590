/**
 * Picks the feed format an Accept header prefers (RFC 9110 § 12.5.1: q-values, wildcards); RSS,
 * the format every reader understands, when the header says nothing useful.
 */
import { FORMATS, type FormatName, PREFERRED_FORMAT } from "../feeds/index.ts";

/**
 * Media ranges read from an Accept header: real clients send a dozen at most, so the first 16 are
 * read and the rest ignored, and each range is read with native searches: an 8 KB header of
 * commas or semicolons costs no more than an ordinary one.
 */
const MAX_RANGES = 16;

function parseAccept(header: string): { type: string; q: number }[] {
	const ranges: { type: string; q: number }[] = [];
	let start = 0;
	while (start <= header.length && ranges.length < MAX_RANGES) {
		const comma = header.indexOf(",", start);
		const end = comma < 0 ? header.length : comma;
		const semi = header.indexOf(";", start);
		const typeEnd = semi >= 0 && semi < end ? semi : end;
		const type = header.slice(start, typeEnd).trim().toLowerCase();
		let q = 1;
		if (typeEnd < end) {
			const found = /;\s*q=([0-9.]{1,5})\s*(?:;|$)/i.exec(header.slice(typeEnd, Math.min(end, typeEnd + 64)));
			if (found) q = Number(found[1]);
		}
		if (type && Number.isFinite(q)) ranges.push({ type, q });
		if (comma < 0) break;
		start = comma + 1;
	}
	return ranges;
}

export function preferredFormat(accept: string | undefined): FormatName {
	if (!accept) return PREFERRED_FORMAT;
	const ranges = parseAccept(accept);
	const quality = (media: string): number => {
		const [major] = media.split("/");
		const exact = ranges.find((r) => r.type === media);
		const wild = ranges.find((r) => r.type === `${major}/*`);
		return (exact ?? wild)?.q ?? 0;
	};
	let best: FormatName = PREFERRED_FORMAT;
	let bestQ = 0;
	for (const format of Object.values(FORMATS)) {
		const q = Math.max(...format.accepts.map(quality));
		if (q > bestQ) [best, bestQ] = [format.name, q];
	}
	return best;
}
