import { describe, expect, it } from "vitest";
import { ToolCanceledError, ToolResultBroker, ToolTimeoutError } from "../src/tools/tool-result-broker.js";

const result = (callId: string, output = "x") => ({ callId, ok: true, output, durationMs: 1 });

describe("ToolResultBroker", () => {
  it("hands the first result to the waiter and ignores late and duplicate ones", async () => {
    const broker = new ToolResultBroker();
    const waiting = broker.waitForResult("c1", 10_000);
    expect(broker.resolve("c1", result("c1", "first"))).toBe(true);
    expect(broker.resolve("c1", result("c1", "duplicate"))).toBe(false);
    expect(broker.resolve("nobody", result("nobody"))).toBe(false);
    expect(await waiting).toEqual(result("c1", "first"));
    expect(broker.size).toBe(0);
  });

  it("rejects with a timeout error that says so, then forgets the call", async () => {
    const broker = new ToolResultBroker();
    await expect(broker.waitForResult("slow", 20)).rejects.toThrow(new ToolTimeoutError("slow", 20));
    await expect(broker.waitForResult("slow2", 1500)).rejects.toThrow("tool call slow2 got no result within 2s");
    expect(broker.size).toBe(0);
    expect(broker.resolve("slow", result("slow"))).toBe(false);
  });

  it("cancels and rejects, and a second wait for the same call shares the first", async () => {
    const broker = new ToolResultBroker();
    const a = broker.waitForResult("c", 10_000);
    const b = broker.waitForResult("c", 10_000);
    expect(a).toBe(b);
    expect(broker.cancel("c")).toBe(true);
    await expect(a).rejects.toBeInstanceOf(ToolCanceledError);
    const d = broker.waitForResult("d", 10_000);
    broker.reject("d", new Error("worker gone"));
    await expect(d).rejects.toThrow("worker gone");
    expect(broker.cancel("d")).toBe(false);
    expect(broker.size).toBe(0);
  });

  it("leaks nothing over many calls", async () => {
    const broker = new ToolResultBroker();
    const all = Array.from({ length: 1000 }, (_, i) => broker.waitForResult(`c${i}`, 10_000));
    for (let i = 0; i < 1000; i++) {
      if (i % 3 === 0) broker.cancel(`c${i}`);
      else broker.resolve(`c${i}`, result(`c${i}`));
    }
    const settled = await Promise.allSettled(all);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(666);
    expect(broker.size).toBe(0);
  });
});
