// Types of the module the content compiler writes next to this file (compiled.js, not committed).
// records holds the compressed index (its first indexBytes bytes), then the compressed bodies:
// see toModule in scripts/build-content.ts and PackedContent.

export declare const records: ArrayBuffer;
export declare const indexBytes: number;
