import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { OpenAIResponsesClient } from "@aiflare/core";
import { FakeResponsesServer, responseEvents } from "@aiflare/core/testing";
import { MAX_IMAGE_BYTES, type SessionEvent } from "@aiflare/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BROWSER_TOKEN, startTestHub, waitFor, type TestHub } from "./helpers.js";

/** A real 1x1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

describe("images in prompts", () => {
  let fake: FakeResponsesServer;
  let t: TestHub;
  beforeEach(async () => {
    fake = await FakeResponsesServer.start(() => ({ kind: "stream", events: responseEvents([{ type: "message", text: "Ich sehe es." }]) }));
    t = await startTestHub({ model: { client: new OpenAIResponsesClient({ apiKey: "sk-test", baseURL: fake.baseURL }), defaultModel: "fake", conversationMode: "previous_response_id", demo: false } });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const userMessages = async (sessionId: string) => {
    const { body } = await t.api("GET", `/api/sessions/${sessionId}/history`);
    return (body.events as SessionEvent[]).filter((e): e is Extract<SessionEvent, { type: "message" }> => e.type === "message" && e.role === "user");
  };
  const attachmentFiles = async (sessionId: string) => readdir(join(t.dataDir, "attachments", sessionId)).catch(() => [] as string[]);

  it("stores a REST prompt's image, names it in the timeline, serves it with the token, and sends it to the model as input_image", async () => {
    const session = await t.session();
    const sent = await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "Was ist das?", images: [{ mediaType: "image/png", data: PNG.toString("base64") }] });
    expect(sent.status).toBe(202);
    const [message] = await waitFor(async () => ((await userMessages(session.id)).length ? userMessages(session.id) : undefined));
    expect(message!.text).toBe("Was ist das?");
    expect(message!.images).toEqual([{ url: expect.stringMatching(new RegExp(`^/api/sessions/${session.id}/attachments/[0-9a-f-]{36}\\.png$`)), mediaType: "image/png" }]);

    await waitFor(() => fake.requests.length > 0);
    const input = fake.requests[0]!.body.input as { role: string; content: unknown }[];
    expect(input.at(-1)).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "Was ist das?" },
        { type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}`, detail: "auto" },
      ],
    });

    const url = message!.images![0]!.url;
    const served = await fetch(`${t.hub.url}${url}`, { headers: { authorization: `Bearer ${BROWSER_TOKEN}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${t.hub.url}${url}`)).status).toBe(401);
    expect((await t.api("GET", `/api/sessions/${session.id}/attachments/../../tokens.json`)).status).toBe(404);
    expect((await t.api("GET", `/api/sessions/${session.id}/attachments/00000000-0000-0000-0000-000000000000.png`)).status).toBe(404);
  });

  it("takes images over session:send too, and keeps the order of a session's prompts", async () => {
    const session = await t.session();
    const browser = await t.browser();
    const first = browser.emitWithAck("session:send", { sessionId: session.id, text: "eins", images: [{ mediaType: "image/gif", data: GIF.toString("base64") }] });
    const second = browser.emitWithAck("session:send", { sessionId: session.id, text: "zwei" });
    expect(await first).toEqual({ ok: true });
    expect(await second).toEqual({ ok: true });
    const messages = await waitFor(async () => {
      const list = await userMessages(session.id);
      return list.length === 2 ? list : undefined;
    });
    expect(messages.map((m) => [m.text, m.images?.length ?? 0])).toEqual([
      ["eins", 1],
      ["zwei", 0],
    ]);
  });

  it("an image larger than the configured body limit still fits (the limit grows for images only)", async () => {
    const session = await t.session();
    const image = Buffer.alloc(3 * 1024 * 1024);
    PNG.copy(image);
    const sent = await t.api("POST", `/api/sessions/${session.id}/messages`, { text: "groß", images: [{ mediaType: "image/png", data: image.toString("base64") }] });
    expect(sent.status).toBe(202);
    const browser = await t.browser();
    expect(await browser.emitWithAck("session:send", { sessionId: session.id, text: "auch per socket", images: [{ mediaType: "image/png", data: image.toString("base64") }] })).toEqual({ ok: true });
    await waitFor(async () => (await userMessages(session.id)).length === 2);
  });

  it("refuses bad types and oversized images with a clear error and stores nothing", async () => {
    const session = await t.session();
    const path = `/api/sessions/${session.id}/messages`;
    const good = { mediaType: "image/png", data: PNG.toString("base64") };

    const svg = await t.api("POST", path, { text: "x", images: [{ mediaType: "image/svg+xml", data: "PHN2Zz4=" }] });
    expect(svg.status).toBe(400);
    expect(svg.body.error.details[0].path).toBe("images.0.mediaType");

    const lying = await t.api("POST", path, { text: "x", images: [good, { mediaType: "image/jpeg", data: Buffer.from("not a jpeg at all").toString("base64") }] });
    expect(lying.status).toBe(400);
    expect(lying.body.error).toMatchObject({ code: "invalid_request", details: [{ path: "images.1.data" }] });
    expect(lying.body.error.message).toContain("not a JPG image");

    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    PNG.copy(big);
    const oversized = await t.api("POST", path, { text: "x", images: [good, { mediaType: "image/png", data: big.toString("base64") }] });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error).toMatchObject({ code: "payload_too_large", details: [{ path: "images.1.data" }] });
    expect(oversized.body.error.message).toContain("the limit is 10 MiB");

    const tooMany = await t.api("POST", path, { text: "x", images: Array.from({ length: 5 }, () => good) });
    expect(tooMany.status).toBe(400);

    const browser = await t.browser();
    const ack = await browser.emitWithAck("session:send", { sessionId: session.id, text: "x", images: [{ mediaType: "image/gif", data: PNG.toString("base64") }] });
    expect(ack).toMatchObject({ ok: false, error: { code: "invalid_request" } });

    expect(await attachmentFiles(session.id)).toEqual([]);
    expect(await userMessages(session.id)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
