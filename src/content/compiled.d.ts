// Types of the module the content compiler writes next to this file (compiled.js, not committed):
// the article index and registries, and the article bodies as UTF-8 JSON in a Data module.
import type { PackedContent } from "./types.ts";

export declare const content: PackedContent;
export declare const records: ArrayBuffer;
