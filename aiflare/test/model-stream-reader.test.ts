import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFetch, takeNodeBody } from "../src/model/node-fetch.js";
import { readResponseEvents, type ResponseStreamEvent } from "../src/model/sse-events.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const sse = (event: { type: string; [key: string]: unknown }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const delta = (text: string) => ({ type: "response.output_text.delta", item_id: "m1", output_index: 0, content_index: 0, delta: text, logprobs: [] });
const texts = (events: ResponseStreamEvent[]) => events.flatMap((event) => (event.type === "response.output_text.delta" ? [event.delta] : []));

async function readAll(response: Response): Promise<{ batches: ResponseStreamEvent[][]; error?: unknown }> {
  const batches: ResponseStreamEvent[][] = [];
  try {
    await readResponseEvents(response, (events) => batches.push(events));
    return { batches };
  } catch (error) {
    return { batches, error };
  }
}

describe("nodeFetch (the SDK's fetch over node:http)", () => {
  it("sends method, headers and body, and answers status, headers and a body to take as a Node stream", async () => {
    const url = await serve((req, res, body) => {
      res.writeHead(201, { "content-type": "application/json", "x-request-id": "req_1", "x-echo": `${req.method} ${req.headers.authorization} ${body}` });
      res.end('{"ok":true}');
    });
    const response = await nodeFetch(`${url}/v1/things`, { method: "post", headers: { authorization: "Bearer k" }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${url}/v1/things`);
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(response.headers.get("x-echo")).toBe('POST Bearer k {"a":1}');
    const body = takeNodeBody(response);
    expect(body).toBeDefined();
    expect(takeNodeBody(response)).toBeUndefined(); // taken once
    let text = "";
    for await (const chunk of body!) text += String(chunk);
    expect(JSON.parse(text)).toEqual({ ok: true });
  });

  it("reads a body it did not hand out through response.body (an error answer), gunzipped", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(JSON.stringify({ error: { message: "bad", code: "invalid" } })));
    });
    const response = await nodeFetch(url, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: "bad", code: "invalid" } });
    expect(takeNodeBody(response)).toBeUndefined(); // read as a web stream: no longer to take
  });

  it("rejects when the server is unreachable, and when aborted mid-body", async () => {
    const closed = await serve(() => undefined);
    const port = new URL(closed).port;
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    await expect(nodeFetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);

    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse(delta("a")));
    });
    const controller = new AbortController();
    const response = await nodeFetch(url, { method: "POST", body: "{}", signal: controller.signal });
    const read = readAll(response);
    controller.abort(new Error("stop"));
    expect((await read).error).toBeInstanceOf(Error);
  });
});

describe("readResponseEvents", () => {
  it("hands on every event of a chunk at once, across chunk boundaries, until the body ends", async () => {
    const events = [delta("Hel"), delta("lo"), delta(" wö"), delta("rld")];
    const text = events.map(sse).join("");
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // Cut mid-event and mid-character (ö is two bytes), in separate writes.
      const bytes = Buffer.from(text);
      const cut = bytes.indexOf("ö") + 1;
      res.write(bytes.subarray(0, 10));
      setTimeout(() => res.write(bytes.subarray(10, cut)), 20);
      setTimeout(() => res.end(bytes.subarray(cut)), 40);
    });
    for (const fetchImpl of [nodeFetch, fetch]) {
      const { batches, error } = await readAll(await fetchImpl(url, { method: "POST", body: "{}" }));
      expect(error).toBeUndefined();
      expect(texts(batches.flat()).join("")).toBe("Hello wörld");
      expect(batches.length).toBeGreaterThan(1); // chunk by chunk, not all at the end
    }
  });

  it("stops at [DONE], throws an APIError for an error event or payload, a SyntaxError for bad JSON", async () => {
    const bodies: Record<string, string> = {
      "/done": `${sse(delta("a"))}data: [DONE]\n\n${sse(delta("never"))}`,
      "/error-event": `${sse(delta("a"))}event: error\ndata: ${JSON.stringify({ type: "error", code: "rate_limit_exceeded", message: "slow" })}\n\n${sse(delta("never"))}`,
      "/error-payload": `${sse(delta("a"))}data: ${JSON.stringify({ error: { message: "boom", code: "server_error" } })}\n\n`,
      "/bad-json": `${sse(delta("a"))}data: {nope\n\n`,
      "/cut": `${sse(delta("a"))}event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"b"}`,
    };
    const url = await serve((req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(bodies[req.url ?? ""]);
    });
    const read = async (path: string) => readAll(await nodeFetch(`${url}${path}`, { method: "POST", body: "{}" }));

    const done = await read("/done");
    expect(done.error).toBeUndefined();
    expect(texts(done.batches.flat())).toEqual(["a"]);

    const event = await read("/error-event");
    expect(event.error).toBeInstanceOf(OpenAI.APIError);
    expect((event.error as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined();
    expect((event.error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: "rate_limit_exceeded" });
    expect(texts(event.batches.flat())).toEqual(["a"]);

    const payload = await read("/error-payload");
    expect((payload.error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: "server_error", message: "boom" });

    expect((await read("/bad-json")).error).toBeInstanceOf(SyntaxError);

    const cut = await read("/cut"); // the last event lacks its blank line: dropped, like the SDK does
    expect(cut.error).toBeUndefined();
    expect(texts(cut.batches.flat())).toEqual(["a"]);
  });

  it("ends with the handler's error and releases the connection", async () => {
    let closed!: () => void;
    const gone = new Promise<void>((resolve) => (closed = resolve));
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse(delta("a")));
      res.on("close", closed); // the client dropped the stream it no longer reads
    });
    const response = await nodeFetch(url, { method: "POST", body: "{}" });
    await expect(
      readResponseEvents(response, () => {
        throw new Error("handler refused");
      }),
    ).rejects.toThrow("handler refused");
    await gone;
  });
});
