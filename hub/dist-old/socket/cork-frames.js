const corked = new WeakSet();
/**
 * Packets that queued up for one browser while its previous write was in flight leave in
 * one `writev` instead of one system call each. engine.io hands such a queue to the
 * websocket transport in one `send(packets)` call, which writes frame after frame; corking
 * the TCP socket around that call merges them. It matters when many messages go to the
 * same browser in one turn — every session's `session:updated` goes to every browser, and
 * B1 measured those deferred flushes at ~22% of the hub's CPU. Anything unexpected (another
 * transport, a changed internal) leaves the transport as it is.
 */
export function corkQueuedFrames(socket) {
    const conn = socket.conn;
    if (conn.transport)
        wrap(conn.transport);
    conn.on("upgrade", wrap);
}
function wrap(transport) {
    if (transport.name !== "websocket" || corked.has(transport))
        return;
    const tcp = transport.socket?._socket;
    if (typeof tcp?.cork !== "function" || typeof tcp.uncork !== "function")
        return;
    corked.add(transport);
    const send = transport.send.bind(transport);
    transport.send = (packets) => {
        if (packets.length < 2)
            return send(packets);
        tcp.cork();
        try {
            send(packets);
        }
        finally {
            tcp.uncork();
        }
    };
}
//# sourceMappingURL=cork-frames.js.map