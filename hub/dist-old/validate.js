import { issuesOf } from "@aiflare/protocol";
import { ValidationError } from "./errors.js";
/** Parses a value at the edge with a protocol schema; failures become a 400 with field paths. */
export function parseOrThrow(schema, value, what) {
    const result = schema.safeParse(value);
    if (result.success)
        return result.data;
    const details = issuesOf(result.error);
    const first = details[0];
    const summary = first ? `${first.path}: ${first.message}` : "invalid";
    throw new ValidationError(`invalid ${what} (${summary})`, details);
}
//# sourceMappingURL=validate.js.map