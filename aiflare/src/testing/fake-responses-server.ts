import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { adaptEvent, refusal, type StoredResponse } from "./fake-rules.js";

/** What the fake answers to one request. */
export type FakeReply =
  | {
      kind: "stream";
      events: object[];
      /** Pause between events. */
      delayMs?: number;
      /** Destroy the connection after this many events (a cut stream). */
      cutAfter?: number;
      /** Stop after this many events but keep the connection open (a hung stream). */
      hangAfter?: number;
    }
  | { kind: "error"; status: number; body: unknown; headers?: Record<string, string> };

/** A request as the fake received it. */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

/** How strictly the fake plays the real API. */
export interface FakeOptions {
  /** An organisation under Zero Data Retention: nothing is stored, whatever `store` says. */
  zeroDataRetention?: boolean;
}

/**
 * A wire-level fake of the Responses API (`POST /v1/responses`, SSE frames with `event:` and
 * `data:` lines), used through the real `openai` SDK. Replies come from a queue (`enqueue`) or,
 * when the queue is empty, from the handler. Like the real API it refuses inconsistent
 * conversations before replying (see `fake-rules.ts`), stores responses made with `store: true`
 * for `previous_response_id`, and shapes reasoning items by what the request asked for.
 */
export class FakeResponsesServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests the fake refused, with the status it answered. */
  readonly refused: { request: RecordedRequest; status: number; message: string }[] = [];
  private readonly queue: FakeReply[] = [];
  private readonly stored = new Map<string, StoredResponse>();
  private options: FakeOptions = {};
  private readonly open = new Set<ServerResponse>();
  /** Connections that are hanging, released on close. */
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private handler: FakeHandler | undefined,
  ) {}

  static async start(handler?: FakeHandler, options: FakeOptions = {}): Promise<FakeResponsesServer> {
    const holder: { fake?: FakeResponsesServer } = {};
    const server = createServer((req, res) => void holder.fake?.handle(req, res));
    const fake = (holder.fake = new FakeResponsesServer(server, handler));
    fake.options = options;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** Base URL for the SDK (`baseURL`), ending in `/v1`. */
  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  enqueue(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  /** Forgets stored responses (all when no id is given), as when they expire. */
  forget(responseId?: string): void {
    if (responseId === undefined) this.stored.clear();
    else this.stored.delete(responseId);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections(); // idle keep-alive connections would hold close() for seconds
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/responses")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad JSON", type: "invalid_request_error" } }));
      return;
    }
    const recorded: RecordedRequest = { path: req.url, headers: req.headers, body };
    const index = this.requests.push(recorded) - 1;
    const refused = refusal(body, this.stored);
    const reply = refused ?? this.queue.shift() ?? (this.handler ? await this.handler(recorded, index) : undefined);
    if (refused?.kind === "error") {
      const message = (refused.body as { error: { message: string } }).error.message;
      this.refused.push({ request: recorded, status: refused.status, message });
    }
    if (!reply) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "fake has no reply queued", type: "server_error" } }));
      return;
    }
    if (reply.kind === "error") {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body));
      return;
    }
    this.open.add(res);
    res.once("close", () => {
      this.open.delete(res);
      this.hanging.delete(res);
    });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const [i, event] of reply.events.entries()) {
      if (res.destroyed) return;
      if (reply.cutAfter !== undefined && i >= reply.cutAfter) {
        // Let what was written reach the client first, as on a real connection that dies mid-stream.
        await new Promise<void>((resolve) => res.write("", () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 20));
        res.socket?.destroy();
        return;
      }
      if (reply.hangAfter !== undefined && i >= reply.hangAfter) {
        this.hanging.add(res);
        return;
      }
      const adapted = adaptEvent(event, body);
      if (!adapted) continue;
      const type = (adapted as { type?: string }).type ?? "message";
      res.write(`event: ${type}\ndata: ${JSON.stringify(adapted)}\n\n`);
      if (type === "response.completed") this.store(body, adapted as { response: { id: string; output: object[] } });
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    }
    res.end();
  }

  private store(body: Record<string, unknown>, completed: { response: { id: string; output: object[] } }): void {
    if (body.store === false || this.options.zeroDataRetention) return;
    const input = Array.isArray(body.input) ? (body.input as object[]) : [];
    const previousId = typeof body.previous_response_id === "string" ? body.previous_response_id : undefined;
    this.stored.set(completed.response.id, { ...(previousId ? { previousId } : {}), items: [...input, ...completed.response.output] });
  }
}
