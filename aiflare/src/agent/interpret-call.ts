import type { CallItem } from "../model/items.js";
import { patchFromShellCommand, rebasePatch } from "../tools/shell-patch.js";

/** A call as the executor runs it: the tool, its parsed arguments, or why they are unusable. */
export interface InterpretedCall {
  tool: string;
  args: Record<string, unknown>;
  /** Set when the arguments cannot be used; the call is answered with it and not run. */
  error?: string;
}

/**
 * What a model's call means. A freeform tool's raw text becomes `{input}`; function arguments
 * are parsed from JSON; a shell call that runs `apply_patch` (how Codex-trained models patch)
 * becomes an apply_patch call, so it is approved and applied as a patch.
 */
export function interpretCall(call: CallItem): InterpretedCall {
  if (call.type === "custom_tool_call") return { tool: call.name, args: { input: call.input } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments || "{}");
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { tool: call.name, args: { raw: call.arguments }, error: "the arguments are not a JSON object" };
  }
  const args = parsed as Record<string, unknown>;
  if (call.name === "shell" && Array.isArray(args.command) && args.command.every((part) => typeof part === "string")) {
    const found = patchFromShellCommand(args.command);
    if (found) {
      const workdir = typeof args.workdir === "string" ? args.workdir : undefined;
      // `cd DIR` inside the script is relative to the call's workdir, unless it is absolute.
      const dir = found.dir?.startsWith("/") ? found.dir : [workdir, found.dir].filter(Boolean).join("/") || undefined;
      return { tool: "apply_patch", args: { input: rebasePatch(found.patch, dir) } };
    }
  }
  return { tool: call.name, args };
}
