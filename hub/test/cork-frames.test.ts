import type { SessionSummary } from "@aiflare/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, waitFor, type TestHub } from "./helpers.js";

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

    // The hub side of this browser's connection: count the system-call writes of its TCP socket.
    const [server] = await t.hub.io.of("/browser").fetchSockets();
    const tcp = (server as unknown as { conn: { transport: { socket: { _socket: { _write: unknown; _writev: unknown } } } } }).conn.transport.socket._socket;
    let writes = 0;
    for (const key of ["_write", "_writev"] as const) {
      const original = tcp[key] as (...args: unknown[]) => unknown;
      tcp[key] = function (this: unknown, ...args: unknown[]) {
        writes += 1;
        return original.apply(this, args);
      };
    }
    for (const id of ids) t.hub.store.update(id, { title: `renamed ${id}` });
    await waitFor(() => updates.length >= 100, 10_000, "all updates at the browser");
    expect(updates.map((s) => s.id)).toEqual(ids);
    expect(updates.every((s) => s.title === `renamed ${s.id}`)).toBe(true);
    expect(writes).toBeLessThan(10); // one per message without corking
  });
});
