// Types of the module scripts/build-assets.ts writes next to this file (compiled.js, not committed).
/** Each asset by file name: its body in base64, its content type, and its ETag. */
export declare const assets: Record<string, { body: string; type: string; etag: string }>;
