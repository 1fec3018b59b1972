/** Every event as one JSON line (the format `history` uses, one per line). */
export function exportJsonl(events) {
    let out = "";
    for (const event of events)
        out += `${JSON.stringify(event)}\n`;
    return out;
}
const ROLE_TITLE = { user: "User", assistant: "Assistant", system: "System" };
/**
 * The conversation as Markdown: a header with the session's facts, then every message, with
 * the tool calls of the retained events in place (command and output in fenced blocks).
 * Messages older than the retained events come from the transcript, which keeps them all.
 */
export function exportMarkdown(session, transcript, events) {
    const blocks = [];
    const inWindow = new Set();
    for (const event of events)
        if (event.type === "message" || event.type === "message_delta")
            inWindow.add(event.messageId);
    const byId = new Map(transcript.map((message) => [message.messageId, message]));
    for (const message of transcript)
        if (!inWindow.has(message.messageId))
            blocks.push(messageBlock(message));
    const placed = new Set();
    const results = new Map();
    for (const event of events)
        if (event.type === "tool_result")
            results.set(event.callId, event);
    for (const event of events) {
        if ((event.type === "message" || event.type === "message_delta") && !placed.has(event.messageId)) {
            placed.add(event.messageId);
            const message = byId.get(event.messageId);
            if (message)
                blocks.push(messageBlock(message));
        }
        else if (event.type === "tool_call") {
            blocks.push(toolBlock(event, results.get(event.callId)));
        }
    }
    const header = [
        `# ${session.title || session.workdir}`,
        "",
        `- session: \`${session.id}\``,
        `- workdir: \`${session.workdir}\``,
        `- model: ${session.model}`,
        `- created: ${session.createdAt}`,
        ...(session.usage ? [`- tokens: ${session.usage.totalTokens}`] : []),
    ];
    return `${[header.join("\n"), ...blocks].join("\n\n")}\n`;
}
function messageBlock(message) {
    return `## ${ROLE_TITLE[message.role]}\n\n${message.text}`;
}
function toolBlock(call, result) {
    const command = call.tool === "shell" && Array.isArray(call.args.command) ? call.args.command.map(String).join(" ") : JSON.stringify(call.args, null, 2);
    const lines = [`### Tool: ${call.tool}`, "", fence(command)];
    if (result) {
        const status = result.ok ? "ok" : `failed${result.error ? `: ${result.error}` : ""}`;
        lines.push("", `Result (${status}${result.exitCode !== undefined ? `, exit ${result.exitCode}` : ""}):`, "", fence(result.output));
    }
    return lines.join("\n");
}
/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    const marks = "`".repeat(longest + 1);
    return `${marks}\n${text}\n${marks}`;
}
//# sourceMappingURL=session-export.js.map