const MAX_BODY = 180;
/** The event types this notifier acts on. */
const NOTIFIED = new Set(["turn_started", "message", "approval_requested", "turn_completed"]);
function clip(text) {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length <= MAX_BODY ? flat : `${flat.slice(0, MAX_BODY - 1)}…`;
}
/** A session's name as people see it in the list. */
export function sessionName(session) {
    return session.title || session.workdir.split("/").filter(Boolean).at(-1) || session.workdir;
}
/** A tool call in a line: the command of a shell call, the files of a patch, else the tool's name. */
export function describeCall(tool, args) {
    if (tool === "shell" && Array.isArray(args.command)) {
        const command = args.command.map(String);
        if (command.length === 3 && command[0] === "bash" && (command[1] === "-lc" || command[1] === "-c"))
            return `$ ${command[2] ?? ""}`;
        return `$ ${command.join(" ")}`;
    }
    if (tool === "apply_patch" && typeof args.input === "string") {
        const files = [...args.input.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map((m) => m[1]);
        return `apply_patch ${files.join(", ")}`;
    }
    return tool;
}
/**
 * Turns committed timeline events into push messages: a session that waits for an approval
 * (its name and the command), a turn that completed (the answer's start) or failed (the
 * error). Canceled turns are the person's own doing and send nothing. In a cluster every node
 * sees every event; only the node that wrote it sends.
 */
export function notifyOnSessionEvents(store, push) {
    const lastAnswer = new Map();
    const payload = (session, reason, title, body) => ({
        sessionId: session.id,
        reason,
        title,
        body: clip(body),
        url: `/sessions/${encodeURIComponent(session.id)}`,
    });
    const onEvent = (event) => {
        if (!NOTIFIED.has(event.type))
            return; // streamed deltas, the bulk of all events, need no summary copy
        const session = store.get(event.sessionId);
        if (!session)
            return;
        const name = sessionName(session);
        switch (event.type) {
            case "turn_started":
                lastAnswer.delete(event.sessionId);
                break;
            case "message":
                if (event.role === "assistant")
                    lastAnswer.set(event.sessionId, event.text);
                break;
            case "approval_requested":
                push.notify(payload(session, "approval", `${name}: approval needed`, describeCall(event.tool, event.args)));
                break;
            case "turn_completed":
                if (event.status === "completed")
                    push.notify(payload(session, "completed", `${name}: turn completed`, lastAnswer.get(event.sessionId) || "The agent finished."));
                else if (event.status === "failed")
                    push.notify(payload(session, "failed", `${name}: turn failed`, event.error ?? "The turn failed."));
                lastAnswer.delete(event.sessionId);
                break;
            default:
                break;
        }
    };
    return store.subscribe({
        onEvents: (_sessionId, events, origin) => {
            if (origin === "elsewhere")
                return;
            for (const event of events)
                onEvent(event);
        },
    });
}
//# sourceMappingURL=notifier.js.map