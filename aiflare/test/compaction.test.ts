import { describe, expect, it } from "vitest";
import { isContextOverflow } from "../src/agent/compaction.js";
import { currentPlan, groupsOf, newestThatFit, selectForSummary, sizeOf } from "../src/agent/compaction-select.js";
import { ModelError } from "../src/errors.js";
import type { InputItem } from "../src/model/items.js";
import { contextWindowFor, DEFAULT_CONTEXT_WINDOW } from "../src/model/context-window.js";

const user = (content: string): InputItem => ({ type: "message", role: "user", content });
const assistant = (text: string): InputItem => ({ type: "message", role: "assistant", content: [{ type: "output_text", text }] });
const call = (id: string, name = "shell", args = "{}"): InputItem => ({ type: "function_call", call_id: id, name, arguments: args });
const output = (id: string, text: string): InputItem => ({ type: "function_call_output", call_id: id, output: text });

describe("compaction: choosing what to keep", () => {
  it("keeps a run of calls with their outputs (and a reasoning item before it) as one group", () => {
    const reasoning = { type: "reasoning", id: "rs_1", encrypted_content: "x" } as unknown as InputItem;
    const items = [user("hi"), reasoning, call("a"), call("b"), output("a", "A"), output("b", "B"), assistant("done"), user("next")];
    expect(groupsOf(items)).toEqual([[user("hi")], [reasoning, call("a"), call("b"), output("a", "A"), output("b", "B")], [assistant("done")], [user("next")]]);
  });

  it("the newest whole groups that fit; a group too big is dropped whole, never split", () => {
    const big = [call("a"), output("a", "x".repeat(5000))];
    const groups = [[user("first")], big, [assistant("short")], [user("latest")]];
    const kept = newestThatFit(groups, sizeOf([assistant("short"), user("latest")]) + 100);
    expect(kept).toEqual([[assistant("short")], [user("latest")]]);
    expect(newestThatFit(groups, 10)).toEqual([]);
  });

  it("summarises what fits: the first user message and the newest stay, the oldest give way, calls become text", () => {
    const items = [user("FIRST: the goal"), ...Array.from({ length: 50 }, (_, i) => [call(`c${i}`), output(`c${i}`, `output ${i} ${"y".repeat(300)}`)]).flat(), user("LATEST question")];
    const budget = 3000;
    const chosen = selectForSummary(items, budget);
    expect(chosen[0]).toEqual({ type: "message", role: "user", content: "FIRST: the goal" });
    expect(chosen[1]?.content).toMatch(/^\[\.\.\. \d+ earlier items left out/);
    expect(chosen.at(-1)?.content).toBe("LATEST question");
    expect(chosen.every((m) => m.type === "message")).toBe(true);
    expect(JSON.stringify(chosen)).toContain("output 49");
    expect(JSON.stringify(chosen)).not.toContain("output 0 ");
    expect(sizeOf(chosen.filter((m) => !m.content.startsWith("[..."))) - budget).toBeLessThan(200);
  });

  it("a single huge item is clipped, head and tail, to fit", () => {
    const chosen = selectForSummary([user("goal"), output("z", `HEAD${"z".repeat(50_000)}TAIL`)], 4000);
    const text = chosen.at(-1)?.content ?? "";
    expect(text).toContain("HEAD");
    expect(text).toContain("TAIL");
    expect(text.length).toBeLessThan(4000);
  });

  it("finds the current plan from the last update_plan call", () => {
    const plan = JSON.stringify({ plan: [{ step: "read", status: "completed" }, { step: "write", status: "in_progress" }] });
    expect(currentPlan([call("p", "update_plan", plan), user("x")])).toBe("- [completed] read\n- [in_progress] write");
    expect(currentPlan([user("x")])).toBe("");
  });

  it("recognises context_length_exceeded by code or message, through causes", () => {
    const apiError = Object.assign(new Error("400 Your input exceeds the context window of this model."), { code: "context_length_exceeded" });
    expect(isContextOverflow(new Error("wrapped", { cause: new ModelError("invalid_request", "x", false, { cause: apiError }) }))).toBe(true);
    expect(isContextOverflow(new ModelError("invalid_request", "maximum context length is 8192 tokens", false))).toBe(true);
    expect(isContextOverflow(new ModelError("invalid_request", "bad tool schema", false))).toBe(false);
  });
});

describe("context windows", () => {
  it("knows models by prefix, takes AIFLARE_CONTEXT_WINDOW, and is conservative otherwise", () => {
    expect(contextWindowFor("gpt-5-codex")).toBe(272_000);
    expect(contextWindowFor("openai/gpt-4.1-mini")).toBe(1_047_576);
    expect(contextWindowFor("o4-mini")).toBe(200_000);
    expect(contextWindowFor("some-local-model")).toBe(DEFAULT_CONTEXT_WINDOW);
    expect(contextWindowFor("gpt-5", { AIFLARE_CONTEXT_WINDOW: "8000" })).toBe(8000);
    expect(() => contextWindowFor("gpt-5", { AIFLARE_CONTEXT_WINDOW: "lots" })).toThrow(/positive integer/);
  });
});
