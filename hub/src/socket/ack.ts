import type { AckError } from "@aiflare/protocol";
import type { z } from "zod";
import { HubError, toHubError } from "../errors.js";
import type { Logger } from "../logger.js";
import { parseOrThrow } from "../validate.js";

type Ack = (response: unknown) => void;

/** Splits a raw listener's arguments into payload and ack (the ack is the last function, if any). */
export function splitArgs(args: unknown[]): { payload: unknown; ack: Ack | undefined } {
  const last = args.at(-1);
  if (typeof last === "function") return { payload: args.length > 1 ? args[0] : undefined, ack: last as Ack };
  return { payload: args[0], ack: undefined };
}

/** `{ok: false, error}` for anything thrown. */
export function errorAck(error: unknown): AckError {
  return { ok: false, error: toHubError(error).toInfo() };
}

/**
 * Wraps a client event handler: validates the payload with its protocol schema, runs the
 * handler, and answers through the ack with its result or `{ok: false, error}`. Nothing a
 * client sends can throw out of here.
 */
export function acked<S extends z.ZodType, R extends { ok: true }>(
  logger: Logger,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => R | Promise<R>,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const { payload, ack } = splitArgs(args);
    const answer = (response: unknown) => {
      try {
        ack?.(response);
      } catch (error) {
        logger.warn({ err: error, event }, "ack failed");
      }
    };
    const fail = (error: unknown) => {
      if (!(error instanceof HubError)) logger.error({ err: error, event }, "socket handler failed");
      answer(errorAck(error));
    };
    try {
      const result = handler(parseOrThrow(schema, payload, `${event} payload`));
      if (result instanceof Promise) result.then(answer, fail);
      else answer(result);
    } catch (error) {
      fail(error);
    }
  };
}
