// The direct relay for B1: what a hub without persistence or batching would be. It reads the
// same model server's SSE (one streaming POST /responses per session, like the hub) and
// emits every text delta as one Socket.IO message to the session's room. Started as a child
// process; told over IPC {sessions, modelURL, input} to start the streams; answers {done} when all ended.
import { request } from "node:http";
import { startRoomServer } from "./room-server.js";

const io = startRoomServer("relay");

/** Streams one answer from the model and relays each delta to `room` the moment it is parsed. */
function relay(modelURL: string, room: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${modelURL}/responses`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-bench" } }, (res) => {
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let start = 0;
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n", start)) {
          const block = buffer.slice(start, end);
          start = end + 2;
          const data = block.indexOf("data: ");
          if (data === -1) continue;
          const event = JSON.parse(block.slice(data + 6)) as { type: string; delta?: string };
          if (event.type === "response.output_text.delta" && event.delta) io.to(room).emit("token", event.delta);
        }
        buffer = buffer.slice(start);
      });
      res.on("end", () => resolve());
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(JSON.stringify({ model: "m", input, stream: true }));
  });
}

process.on("message", (message: { sessions: number; modelURL: string; input: string }) => {
  void Promise.all(Array.from({ length: message.sessions }, (_, s) => relay(message.modelURL, `room-${s}`, message.input))).then(
    () => process.send?.({ done: true }),
    (error: unknown) => {
      process.stderr.write(`relay failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
