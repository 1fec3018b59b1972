// The room server both B1 baselines start with: a plain Socket.IO server on an ephemeral port
// whose clients join a session's room with `join` (acked), announced on stdout as
// "<name> listening on URL" for the parent process.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

export function startRoomServer(name: string): Server {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on("connection", (socket) => {
    socket.on("join", (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  http.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${name} listening on http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
  });
  // Exit on SIGTERM through process.exit, so a --cpu-prof profile is written.
  process.once("SIGTERM", () => process.exit(0));
  return io;
}
