import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
/** One documented route: what `OpenAPIRegistry.registerPath` takes. */
export type ApiPath = RouteConfig;
/** The structured error responses a route can give, every one `{error: {code, message, details?}}`; 401 and 429 always apply. */
export declare function errors(...statuses: number[]): RouteConfig["responses"];
/** A JSON response. */
export declare function json(description: string, schema: z.ZodType): RouteConfig["responses"][string];
/** A JSON request body. */
export declare function jsonBody(schema: z.ZodType, description?: string): NonNullable<RouteConfig["request"]>["body"];
//# sourceMappingURL=spec-helpers.d.ts.map