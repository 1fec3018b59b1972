import { HubError, toHubError } from "../errors.js";
import { parseOrThrow } from "../validate.js";
/** Splits a raw listener's arguments into payload and ack (the ack is the last function, if any). */
export function splitArgs(args) {
    const last = args.at(-1);
    if (typeof last === "function")
        return { payload: args.length > 1 ? args[0] : undefined, ack: last };
    return { payload: args[0], ack: undefined };
}
/** `{ok: false, error}` for anything thrown. */
export function errorAck(error) {
    return { ok: false, error: toHubError(error).toInfo() };
}
/**
 * Wraps a client event handler: validates the payload with its protocol schema, runs the
 * handler, and answers through the ack with its result or `{ok: false, error}`. Nothing a
 * client sends can throw out of here.
 */
export function acked(logger, event, schema, handler) {
    return (...args) => {
        const { payload, ack } = splitArgs(args);
        const answer = (response) => {
            try {
                ack?.(response);
            }
            catch (error) {
                logger.warn({ err: error, event }, "ack failed");
            }
        };
        const fail = (error) => {
            if (!(error instanceof HubError))
                logger.error({ err: error, event }, "socket handler failed");
            answer(errorAck(error));
        };
        try {
            const result = handler(parseOrThrow(schema, payload, `${event} payload`));
            if (result instanceof Promise)
                result.then(answer, fail);
            else
                answer(result);
        }
        catch (error) {
            fail(error);
        }
    };
}
//# sourceMappingURL=ack.js.map