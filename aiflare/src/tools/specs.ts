import type { FunctionToolSpec } from "../model/model-client.js";

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

/** Every tool the agent gets. */
export const AGENT_TOOLS: FunctionToolSpec[] = [SHELL_TOOL, APPLY_PATCH_TOOL, UPDATE_PLAN_TOOL];

/** The standing instructions sent with every request. */
export function agentInstructions(workdir: string): string {
  return [
    "You are a coding agent working in a repository on the user's machine, driven from a browser.",
    `Your working directory is ${workdir}. Use the shell tool to inspect and run things, apply_patch to edit files, and update_plan for multi-step work.`,
    "Be concise. Prefer small, verifiable steps; run tests when you change code. Reply in the user's language.",
  ].join("\n");
}
