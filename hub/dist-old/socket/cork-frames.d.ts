import type { Socket } from "socket.io";
/**
 * Packets that queued up for one browser while its previous write was in flight leave in
 * one `writev` instead of one system call each. engine.io hands such a queue to the
 * websocket transport in one `send(packets)` call, which writes frame after frame; corking
 * the TCP socket around that call merges them. It matters when many messages go to the
 * same browser in one turn — every session's `session:updated` goes to every browser, and
 * B1 measured those deferred flushes at ~22% of the hub's CPU. Anything unexpected (another
 * transport, a changed internal) leaves the transport as it is.
 */
export declare function corkQueuedFrames(socket: Socket): void;
//# sourceMappingURL=cork-frames.d.ts.map