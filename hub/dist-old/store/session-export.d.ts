import type { SessionEvent, SessionSummary, TranscriptMessage } from "@aiflare/protocol";
/** Every event as one JSON line (the format `history` uses, one per line). */
export declare function exportJsonl(events: readonly SessionEvent[]): string;
/**
 * The conversation as Markdown: a header with the session's facts, then every message, with
 * the tool calls of the retained events in place (command and output in fenced blocks).
 * Messages older than the retained events come from the transcript, which keeps them all.
 */
export declare function exportMarkdown(session: SessionSummary, transcript: readonly TranscriptMessage[], events: readonly SessionEvent[]): string;
//# sourceMappingURL=session-export.d.ts.map