import { ConfinementError, readAgentsMd } from "@aiflare/core";
import { ReadInstructions, summarizeIssues, type ReadInstructionsAck } from "@aiflare/protocol";

/**
 * Answers the hub's `instructions:read`: the AGENTS.md chain for the session's workdir,
 * read here because the files live on this machine. The workdir must be inside the roots.
 */
export async function answerInstructionsRead(payload: unknown, roots: readonly string[], home?: string): Promise<ReadInstructionsAck> {
  const parsed = ReadInstructions.safeParse(payload);
  if (!parsed.success) return { ok: false, error: { code: "invalid_request", message: `invalid instructions:read: ${summarizeIssues(parsed.error)}` } };
  try {
    const found = await readAgentsMd({ workdir: parsed.data.workdir, roots, ...(home !== undefined ? { home } : {}) });
    return { ok: true, ...found };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: error instanceof ConfinementError ? "forbidden" : "internal", message } };
  }
}
