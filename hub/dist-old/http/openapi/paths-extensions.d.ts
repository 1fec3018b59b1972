import { type ApiPath } from "./spec-helpers.js";
/** Compaction, checkpoints (diff, revert, fork), attachments and Web Push (ARCHITECTURE.md's contract extensions). */
export declare const extensionPaths: ApiPath[];
//# sourceMappingURL=paths-extensions.d.ts.map