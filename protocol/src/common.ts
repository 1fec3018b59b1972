import { z } from "zod";

/** ISO-8601 timestamp, as every `createdAt` / `updatedAt` / `lastSeen` on the wire. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** Identifiers are opaque, non-empty, bounded strings (never paths). */
export const Id = z.string().min(1).max(200);
export type Id = z.infer<typeof Id>;

/** A per-session sequence number: 1, 2, 3, ... with no gaps. */
export const Seq = z.number().int().nonnegative();
export type Seq = z.infer<typeof Seq>;

/** Token usage as reported by the model, per turn and summed per session. */
export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative().optional(),
  cachedTokens: z.number().int().nonnegative().optional(),
  /** Input tokens written to the prompt cache (billed apart from cached reads). */
  cacheWriteTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof Usage>;
