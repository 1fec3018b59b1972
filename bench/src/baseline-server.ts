// Second baseline for B1 (the in-process emitter): a plain Socket.IO server, one room per
// session, one emit per token it makes up itself, paced like the model server (no model, no SSE). Started as a child process; told what to do over IPC.
import { startRoomServer } from "./room-server.js";
import { nowMs } from "./stats.js";

const io = startRoomServer("baseline");
process.on("message", (message: { sessions: number; tokens: number; intervalMs: number }) => {
  for (let s = 0; s < message.sessions; s++) {
    let i = 0;
    const next = () => {
      // intervalMs 0 (saturation): a few tokens per room and event-loop turn, as fast as it goes.
      for (let burst = 0; burst < (message.intervalMs > 0 ? 1 : 8); burst++) {
        if (i++ >= message.tokens) return;
        io.to(`room-${s}`).emit("token", `~${nowMs().toFixed(3)};`);
      }
      if (message.intervalMs > 0) setTimeout(next, message.intervalMs);
      else setImmediate(next);
    };
    next();
  }
});
