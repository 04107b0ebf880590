/**
 * HTTP facts shared by the Worker and the dev server's proxy (scripts/dev.ts), which answers a few
 * requests itself under `npm start` and must answer them as the Worker does. No imports: the proxy
 * runs in Node.
 */

/**
 * What every response carries, whatever produced it: CORS for any origin, with the validators and
 * paging links readable by scripts, and nosniff.
 */
export const COMMON_HEADERS: Record<string, string> = {
	"access-control-allow-origin": "*",
	"access-control-expose-headers": "ETag, Last-Modified, Link",
	"x-content-type-options": "nosniff",
};

/**
 * What a request whose Host header is not a valid host name (so whose URL does not parse) is told.
 * Under `npm start` the proxy sees it first: wrangler dev's own entry worker would answer it with
 * a 500 before the Worker saw it.
 */
export const INVALID_HOST =
	"This request's URL does not parse: its Host header is not a valid host name (RFC 9110 § 7.2).";

/**
 * Whether a Host header value is a host (RFC 9110 § 7.2: uri-host [ ":" port ], RFC 3986 § 3.2.2):
 * an IP literal in brackets, or a name of unreserved characters, percent-encodings and
 * sub-delimiters, and a port of digits; one that a URL can be made of.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]*)(?::[0-9]*)?$/;
export const isValidHost = (host: string): boolean => HOST.test(host) && URL.canParse(`http://${host}/`);
