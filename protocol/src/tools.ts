import { z } from "zod";
import { PlanStep } from "./events.js";

/** `shell`: execvp semantics; models send `["bash", "-lc", "..."]`. */
export const ShellArgs = z.object({
  command: z.array(z.string()).min(1),
  workdir: z.string().optional(),
  timeout_ms: z.number().int().positive().optional(),
});
export type ShellArgs = z.infer<typeof ShellArgs>;

/** `apply_patch`: the `*** Begin Patch` grammar in one string. */
export const ApplyPatchArgs = z.object({ input: z.string().min(1) });
export type ApplyPatchArgs = z.infer<typeof ApplyPatchArgs>;

/** `update_plan`: handled by the hub, recorded as a `plan_update` event. */
export const UpdatePlanArgs = z.object({
  explanation: z.string().optional(),
  plan: z.array(PlanStep),
});
export type UpdatePlanArgs = z.infer<typeof UpdatePlanArgs>;

export const ToolName = z.enum(["shell", "apply_patch", "update_plan"]);
export type ToolName = z.infer<typeof ToolName>;
