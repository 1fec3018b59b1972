import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** The Node stream behind each response of `nodeFetch` whose body nobody has read yet. */
const nodeBodies = new WeakMap<Response, Readable>();

/**
 * The body of a `nodeFetch` response as a Node stream (decompressed), for a reader that wants
 * no web stream in between; undefined for any other response or once taken. Whoever takes it
 * must not touch `response.body` afterwards.
 */
export function takeNodeBody(response: Response): Readable | undefined {
  const body = nodeBodies.get(response);
  nodeBodies.delete(response);
  return body;
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers["content-encoding"]?.trim().toLowerCase();
  const inflate = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : undefined;
  if (!inflate) return res;
  res.on("error", (error) => inflate.destroy(error));
  return res.pipe(inflate);
}

/**
 * A `fetch` for the `openai` SDK over `node:http(s)` (the SDK takes any fetch, `fetch` option).
 * The platform fetch (undici) passes every chunk of a streamed body through a web stream and
 * several promise hops; B1 measured that at about a tenth of the hub's CPU at a model's pace
 * (see plan/benchmarks.md). Here the body stays a Node stream that `takeNodeBody` hands to the
 * SSE reader, and `response.body` is a web stream made on demand (error bodies, anything else).
 * Requests whose body is not a string or bytes (forms, streams) go to the platform fetch.
 * Aborting `init.signal` destroys the request and its response.
 */
export function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const body = init.body;
  if (input instanceof Request || (body != null && typeof body !== "string" && !(body instanceof Uint8Array))) return fetch(input, init);
  const url = new URL(String(input));
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const method = (init.method ?? "GET").toUpperCase();
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      try {
        resolve(responseOf(res, url, method));
      } catch (error) {
        res.destroy(); // e.g. a status the Response class refuses
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

function responseOf(res: IncomingMessage, url: URL, method: string): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? "");
  const hasBody = method !== "HEAD" && status !== 204 && status !== 304;
  const stream = decoded(res);
  const response = new Response(hasBody ? webBody(stream, res, () => nodeBodies.delete(response)) : null, { status, statusText: res.statusMessage ?? "", headers });
  Object.defineProperty(response, "url", { value: url.href });
  if (hasBody) nodeBodies.set(response, stream);
  else res.resume();
  return response;
}

/** A web stream over the Node body, pulled only when read (high-water mark 0), so the Node stream stays untouched until then. */
function webBody(stream: Readable, res: IncomingMessage, onRead: () => void): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        onRead(); // read as a web stream now: no longer the SSE reader's to take
        chunks ??= (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      cancel() {
        stream.destroy();
        res.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
