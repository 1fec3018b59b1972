import { Socket as EngineSocket } from "engine.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { BEFORE_ADMISSION_BYTES } from "../src/socket/admission-limit.js";
import { BROWSER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";

/** A bare engine.io connection: Socket.IO packets written by hand, so it can send before any namespace admitted it. */
async function bare(url: string, transport: "websocket" | "polling" = "websocket"): Promise<{ eio: EngineSocket; messages: string[]; closed: Promise<void> }> {
  const eio = new EngineSocket(url, { path: "/socket.io/", transports: [transport], upgrade: false });
  const messages: string[] = [];
  eio.on("message", (data) => messages.push(String(data)));
  const closed = new Promise<void>((resolve) => eio.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    eio.on("open", () => resolve());
    eio.on("error", reject);
  });
  return { eio, messages, closed };
}

describe("frames before a namespace admits the connection", () => {
  let t: TestHub | undefined;
  const open: EngineSocket[] = [];
  afterEach(async () => {
    for (const eio of open.splice(0)) eio.close();
    await t?.close();
  });

  it("closes a connection without a token at its first frame over the limit; an admitted one may send image-sized frames", async () => {
    t = await startTestHub();
    const big = "x".repeat(BEFORE_ADMISSION_BYTES * 2);

    // A handshake padded past the limit: without the limit it would be read, and refused.
    const stranger = await bare(t.hub.url);
    open.push(stranger.eio);
    stranger.eio.send(`0/browser,${JSON.stringify({ token: "not the token", padding: big })}`);
    await stranger.closed;
    expect(stranger.messages.filter((m) => m.startsWith("4/browser,"))).toEqual([]);

    // Refused once (a small handshake is read and answered), then the padded one ends it.
    const refused = await bare(t.hub.url);
    open.push(refused.eio);
    refused.eio.send(`0/browser,${JSON.stringify({ token: "not the token" })}`);
    await waitFor(() => refused.messages.some((m) => m.startsWith("4/browser,")), 5000, "connect_error");
    refused.eio.send(`0/browser,${JSON.stringify({ token: "still not", padding: big })}`);
    await refused.closed;
    expect(refused.messages.filter((m) => m.startsWith("4/browser,"))).toHaveLength(1);

    const browser = await bare(t.hub.url);
    open.push(browser.eio);
    browser.eio.send(`0/browser,${JSON.stringify({ token: BROWSER_TOKEN })}`);
    await waitFor(() => browser.messages.some((m) => m.startsWith("0/browser,")), 5000, "admitted");
    browser.eio.send(`2/browser,1["no such event",{"padding":"${big}"}]`);
    await waitFor(() => browser.messages.some((m) => m.startsWith("3/browser,1")), 5000, `the ack of a 2 MB event (${browser.eio.readyState}: ${browser.messages.map((m) => m.slice(0, 80)).join(" | ")})`);
    expect(browser.messages.find((m) => m.startsWith("3/browser,1"))).toContain("unknown_event");
    expect(browser.eio.readyState).toBe("open");
  });

  it("holds HTTP long-polling to the same limit until admitted", async () => {
    t = await startTestHub();
    const stranger = await bare(t.hub.url, "polling");
    open.push(stranger.eio);
    stranger.eio.send(`0/browser,${JSON.stringify({ token: "not the token", padding: "x".repeat(BEFORE_ADMISSION_BYTES * 2) })}`);
    await stranger.closed;
    expect(stranger.messages.filter((m) => m.startsWith("4/browser,"))).toEqual([]);

    const browser = await bare(t.hub.url, "polling");
    open.push(browser.eio);
    browser.eio.send(`0/browser,${JSON.stringify({ token: BROWSER_TOKEN })}`);
    await waitFor(() => browser.messages.some((m) => m.startsWith("0/browser,")), 5000, "admitted");
    browser.eio.send(`2/browser,1["no such event",{"padding":"${"x".repeat(BEFORE_ADMISSION_BYTES * 2)}"}]`);
    await waitFor(() => browser.messages.some((m) => m.startsWith("3/browser,1")), 5000, "the ack of a 2 MB event");
  });
});
