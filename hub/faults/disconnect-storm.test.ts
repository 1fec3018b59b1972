import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import type { JoinAck, SessionEvent } from "@aiflare/protocol";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, sleep, startTestHub, waitFor, type BrowserClient, type TestHub } from "../test/helpers.js";

const DISCONNECTS = 1000;
const SESSIONS = 4;
const FOLLOWERS_PER_SESSION = 5;

/** A browser that keeps every event it is given and rejoins from its last seq after each drop. */
class Follower {
  readonly seqs: number[] = [];
  readonly socket: BrowserClient;
  private early: SessionEvent[] | undefined;

  constructor(url: string, private readonly sessionId: string) {
    this.socket = connect(`${url}/browser`, { auth: { token: BROWSER_TOKEN }, transports: ["websocket"], forceNew: true, reconnectionDelay: 5, reconnectionDelayMax: 50 });
    this.socket.on("session:events", ({ sessionId, events }) => {
      if (sessionId !== this.sessionId) return;
      if (this.early) this.early.push(...events);
      else this.take(events);
    });
    this.socket.on("connect", () => void this.join());
  }

  get last(): number {
    return this.seqs.at(-1) ?? 0;
  }

  private take(events: readonly SessionEvent[]): void {
    for (const event of events) this.seqs.push(event.seq); // duplicates and gaps stay visible
  }

  private async join(): Promise<void> {
    this.early = [];
    const ack: JoinAck | undefined = await this.socket.timeout(5000).emitWithAck("session:join", { sessionId: this.sessionId, afterSeq: this.last }).catch(() => undefined);
    const early = this.early;
    this.early = undefined;
    if (!ack?.ok) return; // dropped again before the ack: the next connect rejoins
    this.take(ack.events);
    this.take(early.filter((e) => e.seq > this.last));
  }
}

describe(`${DISCONNECTS} random browser disconnects during streaming`, () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  beforeAll(async () => {
    fake = await FakeResponsesServer.start(() => ({
      kind: "stream",
      events: responseEvents([{ type: "message", text: "Token für Token strömt die Antwort. ".repeat(20) }], { chunkSize: 3 }),
      delayMs: 2,
    }));
    t = await startTestHub({
      model: { client: new OpenAIResponsesClient({ apiKey: "k", baseURL: fake.baseURL }), defaultModel: "m", conversationMode: "previous_response_id", demo: false },
      coalesceMs: 4,
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("loses and duplicates nothing, by seq", async () => {
    const { workerId } = await t.worker();
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) ids.push((await t.api("POST", "/api/sessions", { workerId, workdir: "/tmp" })).body.session.id);
    const followers = ids.flatMap((id) => Array.from({ length: FOLLOWERS_PER_SESSION }, () => new Follower(t.hub.url, id)));
    await waitFor(() => followers.every((f) => f.socket.connected), 10_000, "followers connected");

    let streaming = true;
    const prompts = ids.map(async (id) => {
      while (streaming) {
        await t.hub.runner.submitPrompt(id, "erzähl");
      }
    });
    let disconnects = 0;
    while (disconnects < DISCONNECTS) {
      const follower = followers[Math.floor(Math.random() * followers.length)]!;
      if (follower.socket.connected) {
        follower.socket.io.engine.close(); // as a network drop: the client reconnects by itself
        disconnects++;
      }
      await sleep(Math.random() < 0.2 ? 5 : 0);
    }
    streaming = false;
    await Promise.all(prompts);
    await t.hub.store.flush();

    const totals = new Map(ids.map((id) => [id, t.hub.store.get(id)!.lastSeq]));
    for (const id of ids) expect(totals.get(id)).toBeGreaterThan(100);
    await waitFor(() => followers.every((f, i) => f.last === totals.get(ids[Math.floor(i / FOLLOWERS_PER_SESSION)]!)), 20_000, "all followers caught up");
    for (const [i, follower] of followers.entries()) {
      const total = totals.get(ids[Math.floor(i / FOLLOWERS_PER_SESSION)]!)!;
      expect(follower.seqs, `follower ${i}`).toEqual(Array.from({ length: total }, (_, k) => k + 1));
    }
    for (const follower of followers) follower.socket.disconnect();
  });
});
