import { pino } from "pino";
/** Paths pino blanks out wherever they appear, so no secret reaches a log line. */
export const REDACT_PATHS = [
    "token",
    "*.token",
    "auth.token",
    "*.auth.token",
    "authorization",
    "*.authorization",
    "headers.authorization",
    "*.headers.authorization",
    "browserToken",
    "workerToken",
    "*.browserToken",
    "*.workerToken",
    "apiKey",
    "*.apiKey",
];
/** Removes token-like query parameters from a URL before it is logged. */
export function redactUrl(url) {
    return url.replace(/([?&](?:token|access_token|api_key)=)[^&#]*/gi, "$1[Redacted]");
}
/** Structured JSON logs on stderr (stdout is kept for the start banner). */
export function createLogger(options = {}) {
    return pino({
        level: options.level ?? process.env.AIFLARE_LOG_LEVEL ?? "info",
        redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
        base: { service: "aiflare-hub" },
        serializers: {
            req: (req) => ({ method: req.method, url: redactUrl(req.url ?? "") }),
        },
    }, options.destination ?? pino.destination(2));
}
//# sourceMappingURL=logger.js.map