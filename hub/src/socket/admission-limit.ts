import type { Server } from "socket.io";

/** What a connection may send before a namespace admits it: engine.io's own default. */
export const BEFORE_ADMISSION_BYTES = 1_000_000;

/** The engine.io transport, as far as this relies on it (websocket: the `ws` socket; polling: its own limit). */
interface LimitedTransport {
  maxHttpBufferSize?: number;
  socket?: { _receiver?: { _maxPayload?: number } };
}

/**
 * Until one of `namespaces` admits a connection (its token checked), it may only send frames of
 * `before` bytes. engine.io has one limit for every connection, and the hub's must fit image
 * prompts (tens of MB): without this, anyone who can reach the port could make it buffer that
 * much per frame without a token. The limit is set on the connection's transport (the `ws`
 * receiver, or the polling transport's own field) and raised to the server's once admitted: a
 * client only sends after its namespace's CONNECT answer, which is written in the same step as
 * the admission. Anything unexpected (a changed internal) leaves the transport as it is.
 */
export function limitUntilAdmitted(io: Server, namespaces: readonly string[], before = BEFORE_ADMISSION_BYTES): void {
  const after = (io.engine as unknown as { opts: { maxHttpBufferSize: number } }).opts.maxHttpBufferSize;
  if (!(after > before)) return;
  const admitted = new WeakSet<object>();
  io.engine.on("connection", (conn: { transport: LimitedTransport; on(event: "upgrading" | "upgrade", listener: (transport: LimitedTransport) => void): void }) => {
    limit(conn.transport, before);
    // A polling connection's websocket: limited from its probe on, as the connection is.
    const follow = (transport: LimitedTransport) => limit(transport, admitted.has(conn) ? after : before);
    conn.on("upgrading", follow);
    conn.on("upgrade", follow);
  });
  for (const name of namespaces) {
    io.of(name).on("connection", (socket) => {
      admitted.add(socket.conn);
      limit(socket.conn.transport as unknown as LimitedTransport, after);
    });
  }
}

function limit(transport: LimitedTransport, bytes: number): void {
  if (typeof transport.maxHttpBufferSize === "number") transport.maxHttpBufferSize = bytes;
  const receiver = transport.socket?._receiver;
  if (receiver && typeof receiver._maxPayload === "number") receiver._maxPayload = bytes;
}
