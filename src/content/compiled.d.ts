// Types of the module the content compiler writes next to this file (compiled.js, not committed).
// records holds the compressed head (its first headBytes bytes), then the article index in
// compressed blocks and the bodies in compressed chunks: see toModule in src/content/pack.ts,
// PackedContent, and records.ts, which reads them.

export declare const records: ArrayBuffer;
export declare const headBytes: number;
/** Empty, but under `wrangler dev` when the content is broken: then every request answers with these. */
export declare const problems: { file: string; line: number; field: string; message: string }[];
