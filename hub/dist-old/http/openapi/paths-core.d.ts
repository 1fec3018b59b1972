import { type ApiPath } from "./spec-helpers.js";
/** The routes of the base contract (ARCHITECTURE.md, REST table). */
export declare const corePaths: ApiPath[];
//# sourceMappingURL=paths-core.d.ts.map