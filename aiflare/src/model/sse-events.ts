import { createParser } from "eventsource-parser";
import OpenAI from "openai";

type ResponseStreamEvent = OpenAI.Responses.ResponseStreamEvent;

/**
 * The Responses API events of a streaming response, read off its body with `eventsource-parser`,
 * as one array per body chunk: where the SDK's own stream passes every event through four
 * async generators (about 13 µs CPU per event against 5 µs for a minimal parser, measured in
 * B1; see plan/benchmarks.md), this costs one read per chunk. Same rules as the SDK's stream
 * (`Stream.fromSSEResponse`, legacy mode): `[DONE]` ends it, malformed JSON is a SyntaxError,
 * an `error` event or a payload with `error` is an `APIError` without a status. Leaving early
 * (a throw, a `return`) cancels the body, so the connection is released.
 */
export async function* responseEventBatches(response: Response): AsyncGenerator<ResponseStreamEvent[]> {
  const body = response.body;
  if (!body) throw new OpenAI.OpenAIError("the streaming response has no body");
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
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let finished = false;
  try {
    while (!done) {
      const chunk = await reader.read();
      if (chunk.done) {
        parser.feed(decoder.decode()); // like the SDK, an event cut off before its blank line is dropped
        finished = true;
      } else {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
      if (failure !== undefined) throw failure;
      if (finished) return;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
