import type { Socket } from "socket.io";

/** The engine.io websocket transport, as far as this patch relies on it. */
interface FrameTransport {
  name: string;
  send(packets: unknown[]): void;
  /** The `ws` WebSocket; `_socket` is its TCP socket. */
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

const corked = new WeakSet<object>();

/**
 * Packets that queued up for one browser while its previous write was in flight leave in
 * one `writev` instead of one system call each. engine.io hands such a queue to the
 * websocket transport in one `send(packets)` call, which writes frame after frame; corking
 * the TCP socket around that call merges them. It matters when many messages go to the
 * same browser in one turn — every session's `session:updated` goes to every browser, and
 * B1 measured those deferred flushes at ~22% of the hub's CPU. Anything unexpected (another
 * transport, a changed internal) leaves the transport as it is.
 */
export function corkQueuedFrames(socket: Socket): void {
  const conn = socket.conn as unknown as { transport?: FrameTransport; on(event: "upgrade", listener: (transport: FrameTransport) => void): void };
  if (conn.transport) wrap(conn.transport);
  conn.on("upgrade", wrap);
}

function wrap(transport: FrameTransport): void {
  if (transport.name !== "websocket" || corked.has(transport)) return;
  const tcp = transport.socket?._socket;
  if (typeof tcp?.cork !== "function" || typeof tcp.uncork !== "function") return;
  corked.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets: unknown[]) => {
    if (packets.length < 2) return send(packets);
    tcp.cork();
    try {
      send(packets);
    } finally {
      tcp.uncork();
    }
  };
}
