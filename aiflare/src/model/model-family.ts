/**
 * What the agent must know about a model to talk to it the way it was trained: whether it
 * reasons (only then may a request carry `reasoning`), which apply_patch shape it knows, whether
 * it may call tools in parallel, and whether its instructions should explain the shell form of
 * apply_patch. Follows the families Codex distinguishes; unknown models get the safe defaults.
 */
export interface ModelFamily {
  /** The model accepts `reasoning: {effort, summary}` and streams reasoning summaries. */
  reasons: boolean;
  /** `freeform`: a custom tool with a grammar; `function`: a JSON function tool. */
  applyPatchTool: "freeform" | "function";
  /** The request's `parallel_tool_calls`. */
  parallelToolCalls: boolean;
  /** The model was trained on `shell ["apply_patch", PATCH]`: its instructions describe that form. */
  shellApplyPatch: boolean;
}

interface FamilyRule extends ModelFamily {
  prefix: string;
}

const rule = (prefix: string, family: Partial<ModelFamily>): FamilyRule => ({
  prefix,
  reasons: false,
  applyPatchTool: "function",
  parallelToolCalls: false,
  shellApplyPatch: false,
  ...family,
});

/** First matching prefix wins, so longer prefixes come first. */
const RULES: FamilyRule[] = [
  rule("o1", { reasons: true }),
  rule("o3", { reasons: true, shellApplyPatch: true }),
  rule("o4-mini", { reasons: true, shellApplyPatch: true }),
  rule("codex-mini", { reasons: true, shellApplyPatch: true }),
  rule("gpt-4.1", { shellApplyPatch: true }),
  rule("gpt-4o", { shellApplyPatch: true }),
  rule("gpt-3.5", { shellApplyPatch: true }),
  rule("gpt-oss", { reasons: true }),
  rule("gpt-5.1-codex-max", { reasons: true, applyPatchTool: "freeform" }),
  rule("gpt-5.1-codex", { reasons: true, applyPatchTool: "freeform" }),
  rule("gpt-5-codex", { reasons: true, applyPatchTool: "freeform" }),
  rule("codex-", { reasons: true, applyPatchTool: "freeform" }),
  rule("gpt-5-chat", {}),
  rule("gpt-5", { reasons: true, shellApplyPatch: true }),
];

/** Names like `gpt-5.2`, `gpt-5.3-codex`, `gpt-6`: the freeform-trained generations from 5.1 on. */
function laterGeneration(name: string): { codex: boolean } | undefined {
  const match = /^gpt-(\d+)(?:\.(\d+))?/.exec(name);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  if (major > 5 || (major === 5 && minor >= 1)) return { codex: name.includes("codex") };
  return undefined;
}

/** The family of a model name (`openai/` style prefixes are ignored). */
export function modelFamily(model: string): ModelFamily {
  const name = model.toLowerCase().replace(/^.*\//, "");
  const later = laterGeneration(name);
  if (later && !name.startsWith("gpt-5.1-codex")) {
    // 5.1 and 5.2 chat models call tools in parallel; Codex keeps the -codex ones sequential
    // only for 5.1 (covered by the rules above).
    return { reasons: true, applyPatchTool: "freeform", parallelToolCalls: true, shellApplyPatch: false };
  }
  const found = RULES.find((candidate) => name.startsWith(candidate.prefix));
  if (!found) return { reasons: false, applyPatchTool: "function", parallelToolCalls: false, shellApplyPatch: false };
  const { prefix: _prefix, ...family } = found;
  return family;
}
