import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { nowMs } from "./stats.js";

/** A request whose latest prompt is this gets a short answer of `WARM_UP_TOKENS` tokens. */
export const WARM_UP = "warm up, please";
/** The prompt of the measured answer (`tokens` long). */
export const MEASURED = "the measured answer, please";
export const WARM_UP_TOKENS = 20;

/**
 * A Responses-API server for the benchmarks: every answer streams `tokens` text deltas, one
 * SSE event each, `intervalMs` apart, each token stamped with the moment it is written
 * (`~<ms>;`), so a browser can measure token latency end to end. `intervalMs` 0 is
 * saturation: tokens are written as fast as the reader takes them (TCP back-pressure), a
 * few per stream and event-loop turn so concurrent streams interleave.
 */
export class TokenModelServer {
  private constructor(private readonly server: Server) {}

  static async start(options: { tokens: number; intervalMs: number }): Promise<TokenModelServer> {
    let counter = 0;
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        // The latest prompt decides (a stateless hub sends the whole history): a warm-up gets a short answer.
        const tokens = body.lastIndexOf(WARM_UP) > body.lastIndexOf(MEASURED) ? WARM_UP_TOKENS : options.tokens;
        const id = `resp_bench_${++counter}`;
        const itemId = `msg_bench_${counter}`;
        res.writeHead(200, { "content-type": "text/event-stream" });
        const send = (event: { type: string; [key: string]: unknown }) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        send({ type: "response.created", response: { id, object: "response", status: "in_progress", output: [] } });
        send({ type: "response.output_item.added", output_index: 0, item: { type: "message", id: itemId, role: "assistant", status: "in_progress", content: [] } });
        let text = "";
        let i = 0;
        const token = () => {
          const piece = `~${nowMs().toFixed(3)};`;
          text += piece;
          return send({ type: "response.output_text.delta", item_id: itemId, output_index: 0, content_index: 0, delta: piece, logprobs: [] });
        };
        const next = () => {
          if (res.destroyed) return;
          if (options.intervalMs <= 0 && i < tokens) {
            let room = true;
            for (let burst = 0; burst < 8 && room && i < tokens; burst++, i++) room = token();
            if (room) setImmediate(next);
            else res.once("drain", next);
            return;
          }
          if (i++ < tokens) {
            token();
            setTimeout(next, options.intervalMs);
            return;
          }
          const item = { type: "message", id: itemId, role: "assistant", status: "completed", content: [{ type: "output_text", text, annotations: [] }] };
          send({ type: "response.output_item.done", output_index: 0, item });
          send({ type: "response.completed", response: { id, object: "response", status: "completed", output: [item], usage: { input_tokens: 10, output_tokens: tokens, total_tokens: tokens + 10 } } });
          res.end();
        };
        next();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new TokenModelServer(server);
  }

  get baseURL(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Stamped tokens as they reach browsers: how many, each one's latency, first and last arrival. */
export class Deliveries {
  readonly latencies: number[] = [];
  count = 0;
  /** Socket.IO messages that carried them (tokens per message shows how much was batched). */
  messages = 0;
  private first = 0;
  private last = 0;

  /** Counts every token stamped in `text`, arrived now. */
  record(text: string): void {
    const arrived = nowMs();
    this.messages++;
    for (const match of text.matchAll(/~(\d+\.\d+);/g)) {
      this.latencies.push(arrived - Number(match[1]));
      this.count++;
    }
    this.first ||= arrived;
    this.last = arrived;
  }

  /** When the last token arrived (`nowMs()`), 0 before the first. */
  get lastAt(): number {
    return this.last;
  }

  /** Tokens per second from the first arrival to the last (start-up is not throughput). */
  get perSecond(): number {
    return this.count / ((this.last - this.first) / 1000);
  }
}
