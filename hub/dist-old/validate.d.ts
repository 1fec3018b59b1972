import type { z } from "zod";
/** Parses a value at the edge with a protocol schema; failures become a 400 with field paths. */
export declare function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S>;
//# sourceMappingURL=validate.d.ts.map