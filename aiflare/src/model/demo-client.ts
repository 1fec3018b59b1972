import { randomUUID } from "node:crypto";
import type { InputItem, OutputItem } from "./items.js";
import type { ModelClient, ModelRequest, ModelResponse, StreamHandlers } from "./model-client.js";

/** The model name sessions get when the hub runs the demo. */
export const DEMO_MODEL_NAME = "offline-demo";

const LABEL = "(offline demo model)";
const HELP =
  "I only know a few tricks: greet, and run a shell command when you write for example: run `ls -la`. Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, AIFLARE_MODEL) and restart the hub for a real model.";

/** `run \`cmd\``, `run: cmd`, `führe \`cmd\` aus`, `$ cmd`. */
function commandIn(text: string): string | undefined {
  const patterns = [/\b(?:run|execute|exec|führe|fuehre)\b[^`]*`([^`]+)`/i, /\brun:\s*(.+)$/im, /^\s*\$\s+(.+)$/m];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match?.[1]?.trim()) return match[1].trim();
  }
  return undefined;
}

function textOf(item: InputItem): string {
  if (item.type !== "message") return "";
  return typeof item.content === "string" ? item.content : item.content.map((part) => ("text" in part ? part.text : "")).join("");
}

function head(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

/**
 * A deterministic stand-in for a real model, used when no API key is set, so a new user sees
 * the whole pipeline (streaming, a tool call on the worker, its output) before adding a key.
 * It speaks through the same ModelClient interface as the real one.
 */
export class DemoModelClient implements ModelClient {
  readonly label = "offline demo model";
  private responses = 0;
  private items = 0;
  /** Tells this process's ids from an earlier one's: a restarted hub must not reuse a call id in a session. */
  private readonly run = randomUUID().slice(0, 8);
  /** call_id -> command, to describe a command's output in the next response. */
  private readonly commands = new Map<string, string>();

  constructor(private readonly options: { chunkDelayMs?: number } = {}) {}

  async stream(request: ModelRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ModelResponse> {
    const id = `demo_resp_${++this.responses}`;
    const output = this.answer(request.input);
    for (const [outputIndex, item] of output.entries()) {
      if (item.type === "message") {
        const text = item.content.map((part) => part.text ?? "").join("");
        for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
          if (signal.aborted) throw signal.reason;
          handlers.onTextDelta({ outputIndex, itemId: item.id }, piece);
          if (this.options.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.chunkDelayMs));
        }
      }
      if (signal.aborted) throw signal.reason;
      handlers.onItemDone({ outputIndex, itemId: item.type === "function_call" ? (item.id ?? "") : item.type === "message" ? item.id : "" }, item);
    }
    const outputTokens = output.reduce((n, item) => n + (item.type === "message" ? (item.content[0]?.text ?? "").split(/\s+/).length : 8), 0);
    const inputTokens = request.input.reduce((n, item) => n + Math.ceil(JSON.stringify(item).length / 4), 0);
    return { id, output, usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens } };
  }

  private message(text: string): OutputItem {
    return { type: "message", id: `demo_msg_${++this.items}_${this.run}`, role: "assistant", content: [{ type: "output_text", text }] };
  }

  private answer(input: InputItem[]): OutputItem[] {
    const last = input.at(-1);
    if (last?.type === "function_call_output") {
      const command = this.commands.get(last.call_id) ?? "the command";
      let shown = last.output;
      try {
        const parsed = JSON.parse(last.output) as { output?: string; metadata?: { exit_code?: number } };
        const exit = parsed.metadata?.exit_code;
        shown = `${parsed.output ?? ""}${exit !== undefined && exit !== 0 ? `\n(exit code ${exit})` : ""}`;
      } catch {
        // not JSON: an error or "aborted"; show it as it is
      }
      return [this.message(`${LABEL} \`${command}\` finished. Its output:\n\n\`\`\`\n${head(shown.trimEnd(), 4000)}\n\`\`\``)];
    }
    const prompt = [...input].reverse().find((item) => item.type === "message" && item.role === "user");
    const text = prompt ? textOf(prompt) : "";
    const command = commandIn(text);
    if (command) {
      const callId = `demo_call_${++this.items}_${this.run}`;
      this.commands.set(callId, command);
      return [
        this.message(`${LABEL} Running \`${command}\` on the worker…`),
        { type: "function_call", id: `demo_fc_${this.items}_${this.run}`, call_id: callId, name: "shell", arguments: JSON.stringify({ command: ["bash", "-lc", command] }) },
      ];
    }
    if (/antworte mir bitte mit hallo/i.test(text)) return [this.message(`Hallo ${LABEL}`)];
    if (/^\s*(hi|hello|hallo|hey|moin|servus|good (morning|evening))\b/i.test(text)) {
      return [this.message(`Hallo! I'm the ${LABEL.slice(1, -1)}, running without an API key. ${HELP}`)];
    }
    return [this.message(`${LABEL} You said: "${head(text, 200)}". ${HELP}`)];
  }
}
