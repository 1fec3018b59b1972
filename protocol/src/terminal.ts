import { z } from "zod";
import { Id } from "./common.js";
import type { AckError } from "./errors.js";

const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);
/** Largest piece of keyboard input one event may carry. */
export const MAX_TERMINAL_INPUT = 64 * 1024;

// ---- browser <-> hub ----

/** browser -> hub `terminal:open`: a new terminal on the session's worker, in its workdir. */
export const TerminalOpenPayload = z.strictObject({ sessionId: Id, cols: Cols, rows: Rows });
export type TerminalOpenPayload = z.infer<typeof TerminalOpenPayload>;
/** browser -> hub `terminal:attach` / `terminal:detach` / `terminal:close`. */
export const TerminalRefPayload = z.strictObject({ terminalId: Id });
export type TerminalRefPayload = z.infer<typeof TerminalRefPayload>;
/** browser -> hub `terminal:input`: keystrokes, as xterm.js reports them. */
export const TerminalInputPayload = z.strictObject({ terminalId: Id, data: z.string().min(1).max(MAX_TERMINAL_INPUT) });
export type TerminalInputPayload = z.infer<typeof TerminalInputPayload>;
/** browser -> hub `terminal:resize`. */
export const TerminalResizePayload = z.strictObject({ terminalId: Id, cols: Cols, rows: Rows });
export type TerminalResizePayload = z.infer<typeof TerminalResizePayload>;

/** hub -> browser (and worker -> hub) `terminal:output`: bytes the terminal wrote, as text. */
export const TerminalOutputPayload = z.object({ terminalId: Id, data: z.string().max(4 * 1024 * 1024) });
export type TerminalOutputPayload = z.infer<typeof TerminalOutputPayload>;
/** hub -> browser (and worker -> hub) `terminal:exit`: the terminal is gone (process ended, closed, idle, worker lost). */
export const TerminalExitPayload = z.object({
  terminalId: Id,
  exitCode: z.number().int().optional(),
  signal: z.number().int().optional(),
  reason: z.string().optional(),
});
export type TerminalExitPayload = z.infer<typeof TerminalExitPayload>;

export type TerminalOpenAck = { ok: true; terminalId: string } | AckError;
/** `scrollback`: the recent output (up to 64 KiB), so a page that comes back redraws the screen. */
export type TerminalAttachAck = { ok: true; scrollback: string } | AckError;

// ---- hub -> worker ----

/** hub -> worker `terminal:open` (ack): start a pty in the workdir. */
export const WorkerTerminalOpen = z.object({ terminalId: Id, sessionId: Id, workdir: z.string().min(1), cols: Cols, rows: Rows });
export type WorkerTerminalOpen = z.infer<typeof WorkerTerminalOpen>;
/** hub -> worker `terminal:input`. */
export const WorkerTerminalInput = z.object({ terminalId: Id, data: z.string().min(1).max(MAX_TERMINAL_INPUT) });
export type WorkerTerminalInput = z.infer<typeof WorkerTerminalInput>;
/** hub -> worker `terminal:resize`. */
export const WorkerTerminalResize = z.object({ terminalId: Id, cols: Cols, rows: Rows });
export type WorkerTerminalResize = z.infer<typeof WorkerTerminalResize>;
/** hub -> worker `terminal:close`. */
export const WorkerTerminalClose = z.object({ terminalId: Id });
export type WorkerTerminalClose = z.infer<typeof WorkerTerminalClose>;

/** Terminal events a browser sends (part of `BrowserClientToServerEvents`); every one takes an ack. */
export interface BrowserTerminalClientEvents {
  "terminal:open": (payload: TerminalOpenPayload, ack: (res: TerminalOpenAck) => void) => void;
  "terminal:attach": (payload: TerminalRefPayload, ack: (res: TerminalAttachAck) => void) => void;
  "terminal:detach": (payload: TerminalRefPayload, ack: (res: { ok: true } | AckError) => void) => void;
  "terminal:input": (payload: TerminalInputPayload, ack: (res: { ok: true } | AckError) => void) => void;
  "terminal:resize": (payload: TerminalResizePayload, ack: (res: { ok: true } | AckError) => void) => void;
  "terminal:close": (payload: TerminalRefPayload, ack: (res: { ok: true } | AckError) => void) => void;
}

/** Terminal events the hub pushes to the browsers viewing a terminal. */
export interface BrowserTerminalServerEvents {
  "terminal:output": (payload: TerminalOutputPayload) => void;
  "terminal:exit": (payload: TerminalExitPayload) => void;
}

/** Names of the browser's terminal events, for dispatch tables. */
export const BROWSER_TERMINAL_EVENTS = [
  "terminal:open",
  "terminal:attach",
  "terminal:detach",
  "terminal:input",
  "terminal:resize",
  "terminal:close",
] as const satisfies readonly (keyof BrowserTerminalClientEvents)[];

/** Terminal events the hub sends a worker. */
export interface WorkerTerminalServerEvents {
  "terminal:open": (payload: WorkerTerminalOpen, ack: (res: { ok: true } | AckError) => void) => void;
  "terminal:input": (payload: WorkerTerminalInput) => void;
  "terminal:resize": (payload: WorkerTerminalResize) => void;
  "terminal:close": (payload: WorkerTerminalClose) => void;
}

/** Terminal events a worker sends the hub. */
export interface WorkerTerminalClientEvents {
  "terminal:output": (payload: TerminalOutputPayload) => void;
  "terminal:exit": (payload: TerminalExitPayload) => void;
}
