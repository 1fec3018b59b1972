import type { SessionSummary } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { countBrowserWrites, startTestHub, waitFor, type TestHub } from "./helpers.js";

describe("queued frames to one browser", () => {
  let t: TestHub | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("go out in a few writes, complete and in order, when a burst of messages reaches the same browser", async () => {
    t = await startTestHub();
    const browser = await t.browser();
    const updates: SessionSummary[] = [];
    browser.on("session:updated", ({ session }) => updates.push(session));
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await t.hub.store.create({ workerId: "w", workdir: "/tmp", model: "m", title: `s${i}`, approvalPolicy: "full-auto" })).id);
    await waitFor(() => updates.length >= 100, 10_000, "created sessions pushed");
    updates.length = 0;

    const writes = await countBrowserWrites(t.hub); // system calls on this browser's TCP socket, hub side
    for (const id of ids) t.hub.store.update(id, { title: `renamed ${id}` });
    await waitFor(() => updates.length >= 100, 10_000, "all updates at the browser");
    expect(updates.map((s) => s.id)).toEqual(ids);
    expect(updates.every((s) => s.title === `renamed ${s.id}`)).toBe(true);
    expect(writes()).toBeLessThan(10); // one per message without corking
  });
});
