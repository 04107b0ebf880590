/**
 * Dates in content and in queries: ISO 8601 (RFC 3339 profile). A calendar date ("2020-05-05") means midnight UTC;
 * a date-time must carry its time zone ("2020-05-05T14:30:00Z", "…+02:00"), because a feed date
 * without one is ambiguous and readers would each guess differently.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

export type ParsedDate =
	| { ok: true; iso: string }
	/** `why`: what is wrong ("is not a real calendar date"); `message`: that, and how to write one. */
	| { ok: false; why: string; message: string };

/** How to write a date, for messages. */
export const DATE_FORMATS = 'an ISO 8601 date ("2020-05-05") or date-time with a time zone ("2020-05-05T14:30:00Z")';

export function parseContentDate(value: string): ParsedDate {
	const bad = (why: string): ParsedDate => ({ ok: false, why, message: `"${value}" ${why}; write ${DATE_FORMATS}` });
	const d = DATE.exec(value);
	const dt = d ? undefined : DATE_TIME.exec(value);
	const parts = d ?? dt;
	if (!parts) return bad("is not a date");
	const [, y, mo, da, h = "00", mi = "00", s = "00", frac = "", zone] = parts;
	if (dt && !zone) return bad("has no time zone");
	const year = Number(y);
	const month = Number(mo);
	const day = Number(da);
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return bad("is not a real calendar date");
	if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return bad("is not a real time");
	const ms = Date.parse(`${y}-${mo}-${da}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone ?? "Z"}`.toUpperCase());
	if (Number.isNaN(ms)) return bad("is not a date");
	const iso = new Date(ms).toISOString();
	// A zone can carry a date past the years ISO 8601 writes in four digits ("9999-12-31T23:00:00-05:00"
	// is in the year 10000 UTC); such an instant would not sort, nor be written back, as a date.
	if (!/^\d{4}-/.test(iso)) return bad("is outside the years 0000 to 9999 (UTC)");
	return { ok: true, iso };
}
