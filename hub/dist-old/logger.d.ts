import { type Logger } from "pino";
export type { Logger };
/** Paths pino blanks out wherever they appear, so no secret reaches a log line. */
export declare const REDACT_PATHS: string[];
/** Removes token-like query parameters from a URL before it is logged. */
export declare function redactUrl(url: string): string;
/** Structured JSON logs on stderr (stdout is kept for the start banner). */
export declare function createLogger(options?: {
    level?: string;
    destination?: NodeJS.WritableStream;
}): Logger;
//# sourceMappingURL=logger.d.ts.map