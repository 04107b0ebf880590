// Types of the module the content compiler writes next to this file (compiled.js, not committed).
// head is the compressed head of the content (PackedContent): the site, the registries, and the
// names of the content's files, published as static assets. See toModule in src/content/pack.ts,
// files.ts, and records.ts, which reads them.

export declare const head: ArrayBuffer;
/** Empty, but under `wrangler dev` when the content is broken: then every request answers with these. */
export declare const problems: { file: string; line: number; field: string; message: string }[];
