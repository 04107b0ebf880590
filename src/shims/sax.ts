/**
 * Stands in for the `sax` XML parser in the Worker bundle (see `[alias]` in wrangler.toml). The
 * `feed` package writes XML through xml-js, whose index also loads its XML reader, built on sax;
 * reelfeed never reads XML, but loading sax made workerd evaluate it and its `require("stream")`
 * at every cold start: about 10 million instructions, measured with callgrind. Anything that did
 * try to parse XML through xml-js would fail here, loudly.
 */
const unsupported = (): never => {
	throw new Error("reelfeed's Worker bundle has no XML parser: sax is replaced by src/shims/sax.ts");
};

// Named as well as default: xml-js reads `require("sax").parser`.
export const parser = unsupported;
export const createStream = unsupported;
export default { parser, createStream };
