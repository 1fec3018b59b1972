import type { ApprovalPolicy } from "@aiflare/protocol";
import type { FunctionToolSpec, ToolSpec } from "../model/model-client.js";
import { modelFamily } from "../model/model-family.js";
import { APPLY_PATCH_FREEFORM_TOOL } from "./apply-patch-grammar.js";

/** `shell`: run a command (execvp semantics) in the session's workdir. */
export const SHELL_TOOL: FunctionToolSpec = {
  type: "function",
  name: "shell",
  description:
    "Runs a command and returns its output. `command` is an argv array run without a shell (use [\"bash\", \"-lc\", \"...\"] for shell syntax). Runs in the session's working directory unless `workdir` is given.",
  parameters: {
    type: "object",
    properties: {
      command: { type: "array", items: { type: "string" }, description: "argv, e.g. [\"bash\", \"-lc\", \"ls -la\"]" },
      workdir: { type: "string", description: "working directory (inside the session's workdir)" },
      timeout_ms: { type: "number", description: "kill the command after this many milliseconds" },
    },
    required: ["command"],
    additionalProperties: false,
  },
  strict: false,
};

/** `apply_patch`: edit files with the `*** Begin Patch` grammar. */
export const APPLY_PATCH_TOOL: FunctionToolSpec = {
  type: "function",
  name: "apply_patch",
  description: [
    "Edits files. `input` is a patch:",
    "*** Begin Patch",
    "*** Add File: path            (then every line prefixed with +)",
    "*** Delete File: path",
    "*** Update File: path         (optionally followed by *** Move to: new/path)",
    "@@ optional context line      (then lines prefixed with ' ' context, '-' removed, '+' added)",
    "*** End of File               (optional: the chunk ends at the end of the file)",
    "*** End Patch",
    "Paths are relative to the working directory.",
  ].join("\n"),
  parameters: {
    type: "object",
    properties: { input: { type: "string", description: "the whole patch, from *** Begin Patch to *** End Patch" } },
    required: ["input"],
    additionalProperties: false,
  },
  strict: false,
};

/** `update_plan`: keep a short step-by-step plan the user can see. */
export const UPDATE_PLAN_TOOL: FunctionToolSpec = {
  type: "function",
  name: "update_plan",
  description: "Records your plan as a checklist the user sees. Send the whole plan each time; at most one step in_progress.",
  parameters: {
    type: "object",
    properties: {
      explanation: { type: "string" },
      plan: {
        type: "array",
        items: {
          type: "object",
          properties: {
            step: { type: "string" },
            status: { type: "string", enum: ["pending", "in_progress", "completed"] },
          },
          required: ["step", "status"],
          additionalProperties: false,
        },
      },
    },
    required: ["plan"],
    additionalProperties: false,
  },
  strict: false,
};

/** The function tools every model gets (apply_patch as a JSON function tool). */
export const AGENT_TOOLS: ToolSpec[] = [SHELL_TOOL, APPLY_PATCH_TOOL, UPDATE_PLAN_TOOL];

/** The tools for a model, in the shape its family was trained on (freeform apply_patch for gpt-5.1+ and *-codex). */
export function toolsForModel(model: string): ToolSpec[] {
  const family = modelFamily(model);
  return [SHELL_TOOL, family.applyPatchTool === "freeform" ? APPLY_PATCH_FREEFORM_TOOL : APPLY_PATCH_TOOL, UPDATE_PLAN_TOOL];
}

/** What the instructions say about the session besides its workdir. */
export interface InstructionContext {
  model?: string;
  approvalPolicy?: ApprovalPolicy;
  /** The worker's sandbox mode, when it reports one. */
  sandbox?: string;
}

const POLICY_TEXT: Record<ApprovalPolicy, string> = {
  "full-auto": "full-auto: your tool calls run at once, without asking the user.",
  "auto-edit": "auto-edit: patches run at once; every shell command waits until the user approves it (a denied call comes back as \"denied by the user\").",
  suggest: "suggest: every shell command and every patch waits until the user approves it (a denied call comes back as \"denied by the user\").",
};

/**
 * The standing instructions sent with every request. The stable part comes first so the
 * prompt cache keeps hitting; what depends on the session comes after it.
 */
export function agentInstructions(workdir: string, context: InstructionContext = {}): string {
  const lines = [
    "You are a coding agent working in a repository on the user's machine, driven from a browser.",
    "Use the shell tool to inspect and run things, apply_patch to edit files, and update_plan for multi-step work.",
    "Be concise. Prefer small, verifiable steps; run tests when you change code. Reply in the user's language.",
  ];
  if (context.model && modelFamily(context.model).shellApplyPatch) lines.push(SHELL_APPLY_PATCH_TEXT);
  lines.push(`Your working directory is ${workdir}.`);
  if (context.approvalPolicy) lines.push(`Approval policy: ${POLICY_TEXT[context.approvalPolicy]}`);
  lines.push(
    context.sandbox && context.sandbox !== "off"
      ? `Sandbox: ${context.sandbox}; commands that write outside the working directory or reach the network may fail.`
      : "Sandbox: none; commands run with the worker's own permissions, confined to its allowed folders.",
  );
  return lines.join("\n");
}

const SHELL_APPLY_PATCH_TEXT = [
  "To edit files you may also call the shell with apply_patch as the command: {\"command\": [\"apply_patch\", \"*** Begin Patch\\n*** Update File: path/to/file\\n@@\\n-old line\\n+new line\\n*** End Patch\"]}.",
  "The patch format: *** Begin Patch, then per file *** Add File: PATH (every line prefixed +), *** Delete File: PATH, or *** Update File: PATH (optionally *** Move to: NEW) with @@ hunks of ' ' context, '-' removed and '+' added lines, then *** End Patch.",
].join("\n");
