import { randomUUID } from "node:crypto";
import { NotFoundError } from "../errors.js";
const SCROLLBACK = 64 * 1024;
/**
 * The hub's side of terminals: keeps which terminals exist, on which worker, and which
 * browser sockets view them; relays input down and output up; closes a terminal when a page
 * closes it, when its worker is lost, or after `idleMs` without a viewer.
 */
export class TerminalRelay {
    options;
    terminals = new Map();
    constructor(options) {
        this.options = options;
    }
    async open(viewer, session, size) {
        const host = this.options.hostFor(session);
        const id = randomUUID();
        const entry = { id, sessionId: session.id, workerId: session.workerId, host, viewers: new Map([[viewer.id, viewer]]), scrollback: "" };
        this.terminals.set(id, entry); // before the worker starts it, so no early output is lost
        try {
            await host.open({ terminalId: id, sessionId: session.id, workdir: session.workdir, ...size });
        }
        catch (error) {
            this.terminals.delete(id);
            throw error;
        }
        return id;
    }
    /** Adds a viewer; returns the recent output to redraw. */
    attach(viewer, terminalId) {
        const entry = this.entryOf(terminalId);
        entry.viewers.set(viewer.id, viewer);
        clearTimeout(entry.idleTimer);
        entry.idleTimer = undefined;
        return entry.scrollback;
    }
    detach(viewerId, terminalId) {
        const entry = this.terminals.get(terminalId);
        if (!entry?.viewers.delete(viewerId) || entry.viewers.size > 0)
            return;
        entry.idleTimer = setTimeout(() => this.close(terminalId, "no viewer for a minute"), this.options.idleMs ?? 60_000);
        entry.idleTimer.unref();
    }
    /** A browser socket went away: it views nothing any more. */
    viewerGone(viewerId) {
        for (const entry of this.terminals.values())
            if (entry.viewers.has(viewerId))
                this.detach(viewerId, entry.id);
    }
    input(terminalId, data) {
        const entry = this.entryOf(terminalId);
        entry.host.input(terminalId, data);
    }
    resize(terminalId, cols, rows) {
        this.entryOf(terminalId).host.resize(terminalId, cols, rows);
    }
    /** Ends a terminal and tells its viewers. */
    close(terminalId, reason = "closed") {
        const entry = this.terminals.get(terminalId);
        if (!entry)
            return;
        entry.host.close(terminalId);
        this.finish(entry, { terminalId, reason });
    }
    closeSession(sessionId) {
        for (const entry of [...this.terminals.values()])
            if (entry.sessionId === sessionId)
                this.close(entry.id, "the session was deleted");
    }
    /** The worker's connection is gone, and its terminals with it. */
    workerGone(workerId) {
        for (const entry of [...this.terminals.values()])
            if (entry.workerId === workerId)
                this.finish(entry, { terminalId: entry.id, reason: "the worker disconnected" });
    }
    closeAll() {
        for (const id of [...this.terminals.keys()])
            this.close(id, "the hub is stopping");
    }
    /** Terminals open now (for tests and status). */
    get size() {
        return this.terminals.size;
    }
    output(workerId, terminalId, data) {
        const entry = this.terminals.get(terminalId);
        if (!entry || entry.workerId !== workerId)
            return; // only the worker running it may write to it
        entry.scrollback = (entry.scrollback + data).slice(-SCROLLBACK);
        for (const viewer of entry.viewers.values())
            viewer.emit("terminal:output", { terminalId, data });
    }
    exited(workerId, exit) {
        const entry = this.terminals.get(exit.terminalId);
        if (!entry || entry.workerId !== workerId)
            return;
        this.finish(entry, exit);
    }
    finish(entry, exit) {
        if (this.terminals.get(entry.id) !== entry)
            return;
        this.terminals.delete(entry.id);
        clearTimeout(entry.idleTimer);
        for (const viewer of entry.viewers.values())
            viewer.emit("terminal:exit", exit);
    }
    entryOf(terminalId) {
        const entry = this.terminals.get(terminalId);
        if (!entry)
            throw new NotFoundError(`terminal ${terminalId} not found (it ended)`);
        return entry;
    }
}
//# sourceMappingURL=terminal-relay.js.map