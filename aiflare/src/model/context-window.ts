/** The window assumed for a model this table does not know: small enough to be safe on most. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * Input tokens known models accept, longest prefix first wins. GPT-5 models take 400k in all,
 * of which 272k input (the rest is reserved for output), as Codex counts it.
 */
const KNOWN: readonly [prefix: string, tokens: number][] = [
  ["gpt-5", 272_000],
  ["codex-mini", 200_000],
  ["gpt-4.1", 1_047_576],
  ["gpt-4o", 128_000],
  ["gpt-4-turbo", 128_000],
  ["gpt-4", 8_192],
  ["gpt-3.5-turbo", 16_385],
  ["o4-mini", 200_000],
  ["o3", 200_000],
  ["o1", 200_000],
];

/**
 * The context window of `model` in tokens: `AIFLARE_CONTEXT_WINDOW` when set (a positive
 * integer; anything else is an error, so a typo never goes unnoticed), else the built-in
 * table (provider prefixes like `openai/` are ignored), else a conservative default.
 */
export function contextWindowFor(model: string, env: { AIFLARE_CONTEXT_WINDOW?: string | undefined } = {}): number {
  const override = env.AIFLARE_CONTEXT_WINDOW?.trim();
  if (override) {
    const tokens = Number(override);
    if (!Number.isInteger(tokens) || tokens <= 0) throw new Error(`AIFLARE_CONTEXT_WINDOW must be a positive integer, got ${JSON.stringify(override)}`);
    return tokens;
  }
  const name = model.toLowerCase().replace(/^.*\//, "");
  let best: [string, number] | undefined;
  for (const entry of KNOWN) if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = [entry[0], entry[1]];
  return best?.[1] ?? DEFAULT_CONTEXT_WINDOW;
}
