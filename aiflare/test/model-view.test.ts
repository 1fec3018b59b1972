import { describe, expect, it } from "vitest";
import { PatchStream } from "../src/agent/patch-stream.js";
import { modelFamily } from "../src/model/model-family.js";
import { classifyApiError } from "../src/model/model-errors.js";
import { truncateForModel } from "../src/tools/output-budget.js";
import { patchFromShellCommand, rebasePatch } from "../src/tools/shell-patch.js";

describe("model families", () => {
  it("tell reasoning, apply_patch shape and parallel calls apart like Codex", () => {
    expect(modelFamily("gpt-5")).toMatchObject({ reasons: true, applyPatchTool: "function", parallelToolCalls: false, shellApplyPatch: true });
    expect(modelFamily("gpt-5-codex")).toMatchObject({ reasons: true, applyPatchTool: "freeform", parallelToolCalls: false });
    expect(modelFamily("gpt-5.1-codex")).toMatchObject({ reasons: true, applyPatchTool: "freeform", parallelToolCalls: false });
    expect(modelFamily("gpt-5.1")).toMatchObject({ reasons: true, applyPatchTool: "freeform", parallelToolCalls: true });
    expect(modelFamily("gpt-5.2-codex")).toMatchObject({ applyPatchTool: "freeform", parallelToolCalls: true });
    expect(modelFamily("o3")).toMatchObject({ reasons: true, applyPatchTool: "function", shellApplyPatch: true });
    expect(modelFamily("o4-mini-2025-04-16")).toMatchObject({ reasons: true, shellApplyPatch: true });
    expect(modelFamily("gpt-4.1")).toMatchObject({ reasons: false, shellApplyPatch: true });
    expect(modelFamily("gpt-4o-mini")).toMatchObject({ reasons: false });
    expect(modelFamily("openai/gpt-5")).toMatchObject({ reasons: true });
    expect(modelFamily("some-local-model")).toEqual({ reasons: false, applyPatchTool: "function", parallelToolCalls: false, shellApplyPatch: false });
  });
});

describe("errors by code", () => {
  it("classify quota, rate limit, context overflow and a lost stored response wherever they come from", () => {
    expect(classifyApiError("insufficient_quota", "q", { status: 429 })).toMatchObject({ kind: "quota", retryable: false });
    expect(classifyApiError("insufficient_quota", "q")).toMatchObject({ kind: "quota", retryable: false });
    expect(classifyApiError("rate_limit_exceeded", "r")).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(classifyApiError(undefined, "r", { status: 429 })).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(classifyApiError("context_length_exceeded", "c", { status: 400 })).toMatchObject({ kind: "context_length", retryable: false });
    expect(classifyApiError("previous_response_not_found", "p", { status: 400 })).toMatchObject({ kind: "previous_response_lost" });
    expect(classifyApiError("server_error", "s")).toMatchObject({ kind: "server", retryable: true });
    expect(classifyApiError(undefined, "s", { status: 503 })).toMatchObject({ kind: "server", retryable: true });
    expect(classifyApiError("invalid_value", "bad", { status: 400 })).toMatchObject({ kind: "invalid_request", retryable: false });
    expect(classifyApiError(undefined, "no", { status: 401 })).toMatchObject({ kind: "auth", retryable: false });
  });
});

describe("the model's view of tool output", () => {
  it("leaves small output alone and cuts a big one to head and tail with a marker", () => {
    expect(truncateForModel("a\nb\n", 100)).toBe("a\nb\n");
    const big = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");
    const cut = truncateForModel(big, 200);
    expect(Buffer.byteLength(cut)).toBeLessThan(300);
    expect(cut.startsWith("line 0\nline 1\n")).toBe(true);
    expect(cut.endsWith("line 998\nline 999")).toBe(true);
    expect(cut).toMatch(/\[… \d+ lines \(\d+ bytes\) omitted; 1000 lines, \d+ bytes in all …\]/);
    expect(truncateForModel("x".repeat(5000), 100).length).toBeLessThan(250); // one endless line is cut too
  });
});

describe("apply_patch through the shell", () => {
  const patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n-x\n+y\n*** End Patch";
  it("is recognised in the shapes Codex-trained models use", () => {
    expect(patchFromShellCommand(["apply_patch", patch])).toEqual({ patch });
    expect(patchFromShellCommand(["bash", "-lc", `apply_patch <<'EOF'\n${patch}\nEOF`])).toEqual({ patch });
    expect(patchFromShellCommand(["bash", "-lc", `apply_patch <<"PATCH"\n${patch}\nPATCH\n`])).toEqual({ patch });
    expect(patchFromShellCommand(["sh", "-c", `cd "my dir" && apply_patch <<EOF\n${patch}\nEOF`])).toEqual({ patch, dir: "my dir" });
    expect(patchFromShellCommand(["bash", "-lc", "ls -la"])).toBeUndefined();
    expect(patchFromShellCommand(["bash", "-lc", `apply_patch <<'EOF'\n${patch}\nEOF\nrm -rf x`])).toBeUndefined();
  });
  it("moves relative paths under the folder it was meant for", () => {
    expect(rebasePatch(patch, "sub")).toContain("*** Update File: sub/a.txt");
    expect(rebasePatch(patch, ".")).toBe(patch);
  });
});

describe("a patch streamed while it is written", () => {
  it("decodes the JSON input string across split deltas and escapes", () => {
    const args = JSON.stringify({ input: 'line "1"\n\ttab \u00e9 \\ end' });
    const stream = new PatchStream("function");
    let out = "";
    for (const piece of args.match(/.{1,3}/gs) ?? []) out += stream.push(piece);
    expect(out).toBe('line "1"\n\ttab \u00e9 \\ end');
    const ascii = new PatchStream("function");
    expect(["{\"inp", "ut\": \"a\\u00", "e9b\"}"].map((d) => ascii.push(d)).join("")).toBe("a\u00e9b");
    expect(new PatchStream("custom").push("*** Begin")).toBe("*** Begin");
  });
});
