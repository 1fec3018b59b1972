import type { CompactionReason, ContextUsage, Usage } from "@aiflare/protocol";
import { AgentError, ContextLengthExceededError } from "../errors.js";
import type { InputItem } from "../model/items.js";
import { messageText } from "../model/items.js";
import type { ModelClient, ModelRequest, ToolSpec } from "../model/model-client.js";
import { clip, currentPlan, groupsOf, messageTextOf, newestThatFit, selectForSummary, sizeOf } from "./compaction-select.js";
import type { ConversationState } from "./conversation.js";

/** The last user message of a summary request: what the model is asked to write. */
export const SUMMARY_PROMPT = [
  "Write a summary of the conversation so far, so that you can continue the work from this summary alone.",
  "Include: the user's goals; decisions taken and why; files created, changed or deleted; commands that matter and their results;",
  "the work still open and the next steps; and every fact the user gave (names, numbers, preferences, answers) word for word.",
  "Be concise, but leave out nothing needed to continue.",
].join(" ");

const SUMMARY_INSTRUCTIONS = "You summarise a coding agent's conversation with a user, for the agent itself to continue from. Answer with the summary only.";

/** How the summary starts in the compacted context (also marks it, so a later compaction does not treat it as a user prompt). */
export const SUMMARY_PREFIX = "[Summary of the earlier conversation, written when the context was compacted]";

/** Shares of the window: when to compact, and what the compacted context may hold. */
const AUTO_THRESHOLD = 0.9;
const SUMMARY_REQUEST_SHARE = 0.75;
const SUMMARY_TEXT_SHARE = 0.15;
const TAIL_SHARE = 0.2;
const USER_MESSAGES_SHARE = 0.1;

/** What a compaction did, for the timeline. */
export interface CompactionInfo {
  reason: CompactionReason;
  tokensBefore: number;
  tokensAfter?: number;
}

/** Whether a model error means the request did not fit the model's context window. */
export function isContextOverflow(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof ContextLengthExceededError) return true;
    const candidate = current as { code?: unknown; kind?: unknown; message?: unknown; error?: { code?: unknown }; cause?: unknown };
    if (candidate.code === "context_length_exceeded" || candidate.kind === "context_length" || candidate.error?.code === "context_length_exceeded") return true;
    if (typeof candidate.message === "string" && /context_length_exceeded|exceeds the context window|maximum context length/i.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}

/** Every item of the conversation as this process knows it (the local mirror in previous_response_id mode). */
function itemsOf(state: ConversationState): InputItem[] {
  return [...state.history, ...state.pending];
}

export interface CompactorOptions {
  model: ModelClient;
  modelName: string;
  /** The model's context window in tokens. */
  windowTokens: number;
}

/**
 * Keeps a conversation inside the model's context window. It estimates each request's size
 * (characters, scaled by the tokens-per-character the last responses' usage showed), and
 * compacts: asks the model for a summary of what fits, then replaces the model's context
 * with that summary, the most recent user messages, the current plan and the newest items
 * (whole groups, so a function call keeps its output), within a bounded share of the window.
 */
export class Compactor {
  private tokensPerChar = 0.3;
  /** Set by a compaction until the next response: a second one in a row could not help. */
  private justCompacted = false;
  /** Below the configured window when an overflow showed the real one is smaller (in estimated tokens). */
  private learnedWindow: number | undefined;
  /** The last response's usage (input + output tokens) and the characters its request had; cleared by a compaction. */
  private last: { tokens: number; chars: number } | undefined;

  constructor(private readonly options: CompactorOptions) {}

  get windowTokens(): number {
    return this.options.windowTokens;
  }

  private effectiveWindow(): number {
    return Math.min(this.options.windowTokens, this.learnedWindow ?? Infinity);
  }

  /**
   * Estimated input tokens of the next request for this state: its characters at the
   * tokens-per-character seen so far, or, when larger, the last response's usage plus what
   * was added since (so a server that counts more than the characters suggest is believed).
   */
  estimate(state: ConversationState, instructions: string, tools: readonly ToolSpec[]): number {
    const chars = this.charsOf(state, instructions, tools);
    const byChars = Math.ceil(chars * this.tokensPerChar);
    if (!this.last) return byChars;
    return Math.max(byChars, this.last.tokens + Math.ceil(Math.max(0, chars - this.last.chars) * this.tokensPerChar));
  }

  /** Characters of the next request (instructions, tools and every item). */
  charsOf(state: ConversationState, instructions: string, tools: readonly ToolSpec[]): number {
    return instructions.length + sizeOf(tools) + sizeOf(itemsOf(state));
  }

  /** Whether the next request would pass 90 % of the window. */
  shouldCompact(state: ConversationState, instructions: string, tools: readonly ToolSpec[]): boolean {
    return !this.justCompacted && this.estimate(state, instructions, tools) > AUTO_THRESHOLD * this.effectiveWindow();
  }

  /** A response came for a request of `sentChars` characters: learn from its usage; the context it shows. */
  observe(sentChars: number, usage: Usage | undefined): ContextUsage | undefined {
    this.justCompacted = false;
    if (!usage) return undefined;
    // Never below a quarter token per character: a server that under-reports must not delay compaction.
    if (sentChars > 0 && usage.inputTokens > 0) this.tokensPerChar = Math.min(1, Math.max(0.25, usage.inputTokens / sentChars));
    this.last = { tokens: usage.inputTokens + usage.outputTokens, chars: sentChars };
    return { usedTokens: usage.inputTokens, windowTokens: this.options.windowTokens };
  }

  /**
   * Replaces the conversation with its summary (in place). `limitTokens` caps the size the
   * summary request may have (on overflow: below what just failed). A summary request that
   * overflows too is tried once more with half the room, then the compaction fails.
   */
  async compact(state: ConversationState, reason: CompactionReason, request: { instructions: string; tools: readonly ToolSpec[] }, signal: AbortSignal, limitTokens?: number): Promise<CompactionInfo> {
    if (limitTokens !== undefined) this.learnedWindow = Math.min(this.learnedWindow ?? Infinity, limitTokens);
    const window = this.effectiveWindow();
    const tokensBefore = this.estimate(state, request.instructions, request.tools);
    const items = itemsOf(state);
    const room = window * SUMMARY_REQUEST_SHARE - (SUMMARY_INSTRUCTIONS.length + SUMMARY_PROMPT.length) * this.tokensPerChar;
    let budget = Math.max(1000, Math.floor(room / this.tokensPerChar));
    let summary: string | undefined;
    for (let attempt = 0; summary === undefined; attempt++) {
      try {
        summary = await this.summarize(items, budget, signal);
      } catch (error) {
        if (signal.aborted || attempt > 0 || !isContextOverflow(error)) {
          throw new AgentError(`compaction failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        budget = Math.floor(budget / 2);
      }
    }
    const compacted = this.continuation(items, summary);
    // previous_response_id mode: a new server-side chain starts from the compacted context.
    delete state.previousResponseId;
    state.history = compacted;
    state.pending = [];
    this.justCompacted = true;
    this.last = undefined;
    return { reason, tokensBefore, tokensAfter: this.estimate(state, request.instructions, request.tools) };
  }

  private async summarize(items: readonly InputItem[], budget: number, signal: AbortSignal): Promise<string> {
    const input = [...selectForSummary(items, budget), { type: "message" as const, role: "user" as const, content: SUMMARY_PROMPT }];
    const summaryRequest: ModelRequest = { model: this.options.modelName, instructions: SUMMARY_INSTRUCTIONS, input, tools: [], store: false };
    const noop = () => undefined;
    const response = await this.options.model.stream(summaryRequest, { onTextDelta: noop, onReasoningDelta: noop, onItemDone: noop }, signal);
    const text = response.output.flatMap((item) => (item.type === "message" ? [messageText(item)] : [])).join("\n\n").trim();
    if (text === "") throw new AgentError("the model wrote an empty summary");
    return text;
  }

  /** The compacted context: summary (with the plan), recent user messages, and the newest whole groups. */
  private continuation(items: readonly InputItem[], summary: string): InputItem[] {
    const chars = (share: number) => Math.floor((this.effectiveWindow() * share) / this.tokensPerChar);
    const plan = currentPlan(items);
    const head: InputItem = {
      type: "message",
      role: "user",
      content: `${SUMMARY_PREFIX}\n\n${clip(summary, chars(SUMMARY_TEXT_SHARE))}${plan ? `\n\nThe current plan:\n${plan}` : ""}`,
    };
    const groups = groupsOf(items);
    const tail = newestThatFit(groups, chars(TAIL_SHARE));
    const older = groups.slice(0, groups.length - tail.length).flat();
    const users: InputItem[] = [];
    let left = chars(USER_MESSAGES_SHARE);
    for (let i = older.length - 1; i >= 0; i--) {
      const item = older[i];
      if (item?.type !== "message" || item.role !== "user" || messageTextOf(item).startsWith(SUMMARY_PREFIX)) continue;
      const size = sizeOf(item);
      if (size > left) break;
      users.unshift({ type: "message", role: "user", content: messageTextOf(item) });
      left -= size;
    }
    const isOldSummary = (item: InputItem) => item.type === "message" && messageTextOf(item).startsWith(SUMMARY_PREFIX);
    return [head, ...users, ...tail.flat().filter((item) => !isOldSummary(item))];
  }
}
