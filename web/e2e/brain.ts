import { responseEvents, type FakeHandler, type FakeItem, type FakeReply } from "@aiflare/core/testing";

/** A long answer streamed slowly, ending in a marker the tests count. */
export const LONG_STORY = `${Array.from({ length: 60 }, (_, i) => `Satz ${i + 1} der Geschichte.`).join(" ")} ENDE-DER-GESCHICHTE`;

export const XSS_REPLY = 'Hier kommt Markup: <img src=x onerror="window.__xss=1"> und <script>window.__xss=2</script> und **fett**.';

type Item = { type?: string; role?: string; content?: unknown; output?: string };

function textOf(item: Item): string {
  if (typeof item.content === "string") return item.content;
  if (Array.isArray(item.content)) return item.content.map((part: { text?: string }) => part.text ?? "").join("");
  return "";
}

/**
 * A tiny scripted model behind the fake Responses server, for the browser tests. It remembers
 * along previous_response_id chains and, in stateless mode (the hub's default), from the
 * earlier messages the request resends, so sessions are independent.
 */
export function createBrain(): FakeHandler {
  const memory = new Map<string, string[]>();
  let counter = 0;
  return (request) => {
    const body = request.body as { input?: Item[]; previous_response_id?: string };
    const input = body.input ?? [];
    const facts = [...(memory.get(body.previous_response_id ?? "") ?? [])];
    const earlier = input.slice(0, -1).filter((item) => item.role === "user");
    for (const item of earlier) {
      const fact = /^Merke dir: (.+)$/i.exec(textOf(item).trim())?.[1];
      if (fact) facts.push(fact.trim());
    }
    const id = `resp_e2e_${++counter}`;
    const reply = (items: FakeItem[], extra: Partial<Extract<FakeReply, { kind: "stream" }>> = {}, chunkSize = 4): FakeReply => {
      memory.set(id, facts);
      return { kind: "stream", events: responseEvents(items, { id, chunkSize }), ...extra };
    };
    const last = input.at(-1) ?? {};
    if (last.type === "function_call_output") {
      const raw = last.output ?? "";
      try {
        const parsed = JSON.parse(raw) as { output?: string };
        return reply([{ type: "message", text: `Das Kommando lieferte:\n\n\`\`\`\n${(parsed.output ?? "").trimEnd()}\n\`\`\`` }]);
      } catch {
        return reply([{ type: "message", text: `Das Kommando lief nicht: ${raw}` }]);
      }
    }
    const prompt = textOf([...input].reverse().find((item) => item.role === "user") ?? {}).trim();
    let match: RegExpExecArray | null;
    if (/antworte mir bitte mit hallo/i.test(prompt)) return reply([{ type: "message", text: "Hallo" }]);
    if ((match = /^Merke dir: (.+)$/i.exec(prompt))) {
      facts.push(match[1]!.trim());
      return reply([{ type: "message", text: `Gemerkt: ${match[1]!.trim()}` }]);
    }
    if (/^Was habe ich mir gemerkt\?$/i.test(prompt)) return reply([{ type: "message", text: facts.length ? `Du hast dir gemerkt: ${facts.join(", ")}` : "Nichts." }]);
    if ((match = /^run: (.+)$/i.exec(prompt))) {
      return reply([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", match[1]!] }, callId: `call_${counter}` }]);
    }
    if (/^erzähl lang$/i.test(prompt)) return reply([{ type: "message", text: LONG_STORY }], { delayMs: 30 }, 16);
    if (/^xss$/i.test(prompt)) return reply([{ type: "message", text: XSS_REPLY }]);
    return reply([{ type: "message", text: `Echo: ${prompt}` }]);
  };
}
