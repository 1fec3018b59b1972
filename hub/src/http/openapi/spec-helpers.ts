import { ErrorBody } from "@aiflare/protocol";
import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";

/** One documented route: what `OpenAPIRegistry.registerPath` takes. */
export type ApiPath = RouteConfig;

const ERROR_TEXT: Record<number, string> = {
  400: "invalid request (field paths in `details`)",
  401: "missing or invalid token",
  404: "no such session (or resource)",
  409: "conflict (a worker offline, a turn running, ...)",
  413: "request body over the size limit",
  429: "too many failed token attempts",
  500: "internal error",
  504: "the worker did not answer in time",
};

/** The structured error responses a route can give, every one `{error: {code, message, details?}}`; 401 and 429 always apply. */
export function errors(...statuses: number[]): RouteConfig["responses"] {
  const out: RouteConfig["responses"] = {};
  for (const status of [...new Set([...statuses, 401, 429])].sort()) {
    out[status] = { description: ERROR_TEXT[status] ?? "error", content: { "application/json": { schema: ErrorBody } } };
  }
  return out;
}

/** A JSON response. */
export function json(description: string, schema: z.ZodType): RouteConfig["responses"][string] {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body. */
export function jsonBody(schema: z.ZodType, description?: string): NonNullable<RouteConfig["request"]>["body"] {
  return { ...(description ? { description } : {}), required: true, content: { "application/json": { schema } } };
}
