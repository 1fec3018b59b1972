import { type ApiPath } from "./spec-helpers.js";
/** Workspace and session management (ARCHITECTURE.md, "Workspace and session management"), and this document. */
export declare const workspacePaths: ApiPath[];
//# sourceMappingURL=paths-workspace.d.ts.map