// SessionStore.ingest: records another cluster node wrote and published.
import { describe, expect, it } from "vitest";
import type { LogRecord } from "../src/store/log-record.js";
import { MemoryPersistence } from "../src/store/memory-persistence.js";
import { SessionStore } from "../src/store/session-store.js";

const newSession = { workerId: "w1", workdir: "/tmp/x", model: "m", title: "t", approvalPolicy: "full-auto" as const };

class HoldingPersistence extends MemoryPersistence {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  override async append(id: string, records: readonly LogRecord[]): Promise<void> {
    await this.gate;
    await super.append(id, records);
  }
}

describe("SessionStore.ingest (records another cluster node wrote)", () => {
  it("skips what it holds already while it writes the session itself; a new event from elsewhere then is a conflict", async () => {
    const persistence = new HoldingPersistence();
    const store = new SessionStore({ persistence, coalesceMs: 0 });
    await store.load();
    const session = await store.create(newSession);
    const first = store.append(session.id, { type: "notice", level: "info", text: "n1" });
    await store.flush();
    // What the previous holder published before this store took the session: old news now.
    const old: LogRecord[] = [{ t: "event", v: first }, { t: "summary", v: { ...store.get(session.id)!, status: "waiting", node: "node-a" } }];
    persistence.hold();
    store.append(session.id, { type: "notice", level: "info", text: "n2" });
    expect(store.ingest(session.id, old)).toBe(true);
    expect(store.ingest(session.id, [{ t: "event", v: { ...first, seq: 2 } }])).toBe(false);
    persistence.release();
    await store.flush();
    expect(store.eventsAfter(session.id).events.map((e) => (e.type === "notice" ? e.text : e.type))).toEqual(["n1", "n2"]);
    expect(store.get(session.id)).toMatchObject({ lastSeq: 2 });
    expect(store.get(session.id)?.node).toBeUndefined();
    await store.close();
  });
});
