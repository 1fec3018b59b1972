import { createParser } from "eventsource-parser";
import OpenAI from "openai";
import type { Readable } from "node:stream";
import { takeNodeBody } from "./node-fetch.js";

export type ResponseStreamEvent = OpenAI.Responses.ResponseStreamEvent;

/**
 * Reads the Responses API events of a streaming response with `eventsource-parser`, handing
 * `onEvents` the events of each body chunk synchronously as the chunk arrives. The SDK's own
 * stream passes every event through four async generators and the platform fetch's web
 * stream; B1 measured that at ~100 µs CPU per event at a model's pace against ~37 µs for a
 * relay's `data` handler (see plan/benchmarks.md). A `nodeFetch` response is read with `data`
 * events on its Node stream, any other through `response.body`. Same rules as the SDK's stream
 * (`Stream.fromSSEResponse`, legacy mode): `[DONE]` ends it, malformed JSON is a SyntaxError,
 * an `error` event or a payload with `error` is an `APIError` without a status. A throw from
 * `onEvents` ends the read with that error. Resolves at the body's end or `[DONE]`; the body is
 * released (destroyed / cancelled) whenever the read stops before its end.
 */
export function readResponseEvents(response: Response, onEvents: (events: ResponseStreamEvent[]) => void): Promise<void> {
  let batch: ResponseStreamEvent[] = [];
  let done = false;
  let failure: Error | undefined;
  const parser = createParser({
    onEvent: (message) => {
      if (done || failure !== undefined) return;
      if (message.data === "[DONE]") {
        done = true;
        return;
      }
      let data: { error?: object } | null;
      try {
        data = JSON.parse(message.data) as { error?: object } | null;
      } catch {
        failure = new SyntaxError("Error reading response: malformed server-sent event JSON.");
        return;
      }
      if (message.event === "error") failure = new OpenAI.APIError(undefined, data?.error ?? data ?? undefined, undefined, response.headers);
      else if (data?.error) failure = new OpenAI.APIError(undefined, data.error, undefined, response.headers);
      else batch.push(data as ResponseStreamEvent);
    },
  });
  /** Feeds one chunk and hands on its events; true when the read should stop ([DONE]); throws a failure. */
  const feed = (text: string): boolean => {
    parser.feed(text);
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      onEvents(out);
    }
    if (failure !== undefined) throw failure;
    return done;
  };
  const node = takeNodeBody(response);
  if (node) return readNode(node, feed);
  const body = response.body as ReadableStream<Uint8Array> | null;
  if (!body) return Promise.reject(new OpenAI.OpenAIError("the streaming response has no body"));
  return readWeb(body, feed);
}

function readNode(stream: Readable, feed: (text: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      if (settled) return;
      try {
        if (!feed(chunk)) return;
        settle();
      } catch (error) {
        settle(error instanceof Error ? error : new Error("the stream handler failed", { cause: error }));
      }
      stream.destroy(); // [DONE] or a failure: the rest of the body is not read
    });
    // Like the SDK, an event cut off before its blank line is dropped.
    stream.on("end", () => settle());
    stream.on("error", (error) => settle(error));
    stream.on("close", () => settle(new Error("the response body closed before its end")));
  });
}

async function readWeb(body: ReadableStream<Uint8Array>, feed: (text: string) => boolean): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      if (feed(decoder.decode(chunk.value, { stream: true }))) break;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  await reader.cancel().catch(() => undefined); // [DONE]: the rest of the body is not read
}
