/**
 * A worker may be connected to one node while another runs its call: what it reports here
 * (output, a redelivered result, resume, disconnect) is handled here and passed to the other
 * nodes, which handle it the same way. Only the node running the call acts on it (its router
 * knows the call; the others ignore it).
 */
export function relayWorkerEvents(bus, local) {
    const deliver = (message) => {
        switch (message.kind) {
            case "output":
                return local.output(message.workerId, message.output);
            case "redelivered":
                return local.redelivered(message.workerId, message.result);
            case "resumed":
                return local.resumed(message.workerId, message.running);
            case "disconnected":
                return local.disconnected(message.workerId);
        }
    };
    bus.listenWorkers(deliver);
    const both = (message) => {
        deliver(message);
        bus.worker(message);
    };
    return {
        output: (workerId, output) => both({ kind: "output", workerId, output }),
        redelivered: (workerId, result) => both({ kind: "redelivered", workerId, result }),
        resumed: (workerId, running) => both({ kind: "resumed", workerId, running }),
        disconnected: (workerId) => both({ kind: "disconnected", workerId }),
    };
}
//# sourceMappingURL=worker-relay.js.map