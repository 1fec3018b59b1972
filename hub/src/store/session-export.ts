import type { SessionEvent, SessionSummary, TranscriptMessage } from "@aiflare/protocol";
import { argvLine } from "@aiflare/protocol";

/** Every event as one JSON line (the format `history` uses, one per line). */
export function exportJsonl(events: readonly SessionEvent[]): string {
  let out = "";
  for (const event of events) out += `${JSON.stringify(event)}\n`;
  return out;
}

const ROLE_TITLE: Record<TranscriptMessage["role"], string> = { user: "User", assistant: "Assistant", system: "System" };

/**
 * The conversation as Markdown: a header with the session's facts, then every message, with
 * the tool calls of the retained events in place (command and output in fenced blocks).
 * Messages older than the retained events come from the transcript, which keeps them all.
 */
export function exportMarkdown(session: SessionSummary, transcript: readonly TranscriptMessage[], events: readonly SessionEvent[]): string {
  const blocks: string[] = [];
  const inWindow = new Set<string>();
  for (const event of events) if (event.type === "message" || event.type === "message_delta") inWindow.add(event.messageId);
  const byId = new Map(transcript.map((message) => [message.messageId, message]));
  for (const message of transcript) if (!inWindow.has(message.messageId)) blocks.push(messageBlock(message));
  const placed = new Set<string>();
  const results = new Map<string, Extract<SessionEvent, { type: "tool_result" }>>();
  for (const event of events) if (event.type === "tool_result") results.set(event.callId, event);
  for (const event of events) {
    if ((event.type === "message" || event.type === "message_delta") && !placed.has(event.messageId)) {
      placed.add(event.messageId);
      const message = byId.get(event.messageId);
      if (message) blocks.push(messageBlock(message));
    } else if (event.type === "tool_call") {
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

function messageBlock(message: TranscriptMessage): string {
  return `## ${ROLE_TITLE[message.role]}\n\n${message.text}`;
}

function toolBlock(call: Extract<SessionEvent, { type: "tool_call" }>, result?: Extract<SessionEvent, { type: "tool_result" }>): string {
  const command = call.tool === "shell" && Array.isArray(call.args.command) ? argvLine((call.args.command as unknown[]).map(String)) : JSON.stringify(call.args, null, 2);
  const lines = [`### Tool: ${call.tool}`, "", fence(command)];
  if (result) {
    const status = result.ok ? "ok" : `failed${result.error ? `: ${result.error}` : ""}`;
    lines.push("", `Result (${status}${result.exitCode !== undefined ? `, exit ${result.exitCode}` : ""}):`, "", fence(result.output));
  }
  return lines.join("\n");
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}\n${text}\n${marks}`;
}
