import type { AckError } from "@aiflare/protocol";
import type { z } from "zod";
import type { Logger } from "../logger.js";
type Ack = (response: unknown) => void;
/** Splits a raw listener's arguments into payload and ack (the ack is the last function, if any). */
export declare function splitArgs(args: unknown[]): {
    payload: unknown;
    ack: Ack | undefined;
};
/** `{ok: false, error}` for anything thrown. */
export declare function errorAck(error: unknown): AckError;
/**
 * Wraps a client event handler: validates the payload with its protocol schema, runs the
 * handler, and answers through the ack with its result or `{ok: false, error}`. Nothing a
 * client sends can throw out of here.
 */
export declare function acked<S extends z.ZodType, R extends {
    ok: true;
}>(logger: Logger, event: string, schema: S, handler: (payload: z.infer<S>) => R | Promise<R>): (...args: unknown[]) => void;
export {};
//# sourceMappingURL=ack.d.ts.map