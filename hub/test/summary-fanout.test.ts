import type { SessionSummary } from "@aiflare/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SummaryFanout } from "../src/socket/summary-fanout.js";
import { countBrowserWrites, startTestHub, waitFor, type TestHub } from "./helpers.js";

const summary = (id: string, title: string) => ({ id, title }) as SessionSummary;
const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("SummaryFanout", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends a summary after a quiet spell at the end of its step, holds those within the window and sends them together, newest per session", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const sent: string[] = [];
    const fanout = new SummaryFanout((s) => sent.push(`${s.id}:${s.title}`), 20);
    fanout.add(summary("a", "1"));
    fanout.add(summary("a", "2")); // the same step: only the newest
    expect(sent).toEqual([]);
    await microtasks();
    expect(sent).toEqual(["a:2"]);

    fanout.add(summary("b", "1"));
    fanout.add(summary("c", "1"));
    await microtasks();
    vi.advanceTimersByTime(5);
    fanout.add(summary("b", "2")); // b changed last: it goes after c
    fanout.add(summary("d", "1"));
    fanout.forget("d"); // deleted while held: never sent
    vi.advanceTimersByTime(14);
    expect(sent).toEqual(["a:2"]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(["a:2", "c:1", "b:2"]);

    vi.advanceTimersByTime(100); // quiet: the next one goes at once again
    fanout.add(summary("e", "1"));
    await microtasks();
    expect(sent).toEqual(["a:2", "c:1", "b:2", "e:1"]);

    fanout.add(summary("f", "1"));
    fanout.close();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(4);
  });
});

describe("session summaries to browsers", () => {
  let t: TestHub | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("updates made one after another in separate steps reach a browser complete and in order, in a few writes; a deleted session's held update never comes", async () => {
    t = await startTestHub({ summaryWindowMs: 300 });
    const browser = await t.browser();
    const seen: string[] = [];
    browser.on("session:updated", ({ session }) => seen.push(`${session.id} ${session.title}`));
    browser.on("session:deleted", ({ sessionId }) => seen.push(`${sessionId} deleted`));
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await t.hub.store.create({ workerId: "w", workdir: "/tmp", model: "m", title: `s${i}`, approvalPolicy: "full-auto" })).id);
    const doomed = ids.pop() ?? "";
    await waitFor(() => seen.includes(`${doomed} s99`), 10_000, "created sessions pushed");
    await new Promise((resolve) => setTimeout(resolve, 400)); // a quiet spell: the next update goes at once
    seen.length = 0;

    const writes = await countBrowserWrites(t.hub); // system calls on this browser's TCP socket, hub side
    t.hub.store.update(doomed, { title: "renamed, then deleted" });
    await t.hub.store.flush(doomed);
    for (const id of ids) {
      t.hub.store.update(id, { title: `renamed ${id}` });
      await new Promise((resolve) => setImmediate(resolve)); // each update its own step
    }
    t.hub.store.update(doomed, { title: "held, then deleted" });
    await t.hub.store.flush();
    await t.hub.store.delete(doomed);
    await waitFor(() => seen.filter((line) => line.includes(" renamed ")).length >= ids.length && seen.includes(`${doomed} deleted`), 10_000, "all updates at the browser");
    await new Promise((resolve) => setTimeout(resolve, 400)); // a held update would have come by now

    expect(seen[0]).toBe(`${doomed} renamed, then deleted`); // after a quiet spell: at once
    expect(seen.filter((line) => line.includes(" renamed "))).toEqual(ids.map((id) => `${id} renamed ${id}`));
    expect(seen.some((line) => line.includes("held, then deleted"))).toBe(false);
    // One write per update without batching (101 updates); a few per window with it.
    expect(writes()).toBeLessThan(20);
  });
});
