// Types of the module the content compiler writes next to this file (compiled.js, not committed).
import type { CompiledContent } from "./types.ts";

export declare const content: CompiledContent;
