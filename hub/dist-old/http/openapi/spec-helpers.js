import { ErrorBody } from "@aiflare/protocol";
const ERROR_TEXT = {
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
export function errors(...statuses) {
    const out = {};
    for (const status of [...new Set([...statuses, 401, 429])].sort()) {
        out[status] = { description: ERROR_TEXT[status] ?? "error", content: { "application/json": { schema: ErrorBody } } };
    }
    return out;
}
/** A JSON response. */
export function json(description, schema) {
    return { description, content: { "application/json": { schema } } };
}
/** A JSON request body. */
export function jsonBody(schema, description) {
    return { ...(description ? { description } : {}), required: true, content: { "application/json": { schema } } };
}
//# sourceMappingURL=spec-helpers.js.map