import type { ApiPath } from "./spec-helpers.js";
/** Every documented route; a route file that adds routes adds its list here (a test checks none is missing). */
export declare const API_PATHS: readonly ApiPath[];
/** The OpenAPI 3.1 document of `/api`, generated from the protocol's zod schemas (built once). */
export declare function openApiDocument(): object;
//# sourceMappingURL=document.d.ts.map