import type { ClusterWorkerMessage } from "@aiflare/protocol";
import type { WorkerEvents } from "./backend.js";
import type { ClusterBus } from "./cluster-bus.js";

/**
 * A worker may be connected to one node while another runs its call or relays its terminal:
 * what it reports here (output, a redelivered result, resume, disconnect, terminal output and
 * exit) is handled here and passed to the other nodes, which handle it the same way. Only the
 * node running the call or holding the terminal acts on it (the others do not know it).
 */
export function relayWorkerEvents(bus: ClusterBus, local: WorkerEvents): WorkerEvents {
  const deliver = (message: ClusterWorkerMessage) => {
    switch (message.kind) {
      case "output":
        return local.output(message.workerId, message.output);
      case "redelivered":
        return local.redelivered(message.workerId, message.result);
      case "resumed":
        return local.resumed(message.workerId, message.running);
      case "disconnected":
        return local.disconnected(message.workerId);
      case "terminal_output":
        return void local.terminalOutput(message.workerId, message.output);
      case "terminal_exit":
        return void local.terminalExit(message.workerId, message.exit);
    }
  };
  bus.listenWorkers(deliver);
  const both = (message: ClusterWorkerMessage) => {
    deliver(message);
    bus.worker(message);
  };
  return {
    output: (workerId, output) => both({ kind: "output", workerId, output }),
    redelivered: (workerId, result) => both({ kind: "redelivered", workerId, result }),
    resumed: (workerId, running) => both({ kind: "resumed", workerId, running }),
    disconnected: (workerId) => both({ kind: "disconnected", workerId }),
    // A terminal is held by the one node whose browser opened it: when that is this node, no other needs the output.
    terminalOutput: (workerId, output) => {
      if (local.terminalOutput(workerId, output)) return true;
      bus.worker({ kind: "terminal_output", workerId, output });
      return false;
    },
    terminalExit: (workerId, exit) => {
      if (local.terminalExit(workerId, exit)) return true;
      bus.worker({ kind: "terminal_exit", workerId, exit });
      return false;
    },
  };
}
