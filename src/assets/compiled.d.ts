// Types of the module scripts/build-assets.ts writes next to this file (compiled.js, not committed).
export declare const assets: Record<string, { body: string; type: string; etag: string }>;
