import { responseEvents, type FakeHandler, type FakeItem, type FakeReply, type RecordedRequest } from "@aiflare/core/testing";

type Item = { type?: string; role?: string; content?: unknown; output?: string; arguments?: string; name?: string; call_id?: string };

function textOf(item: Item): string {
  if (typeof item.content === "string") return item.content;
  if (Array.isArray(item.content)) return item.content.map((part: { text?: string }) => part.text ?? "").join("");
  if (item.type === "function_call_output") return item.output ?? "";
  return "";
}

/**
 * A scripted model for the compaction tests. It remembers what each previous_response_id
 * chain saw, and answers:
 * - a request whose last user message asks for a "summary": every `FACT: ...` line it can see;
 * - "question: what is the code word?": the word from a `FACT: the code word is X` it can see;
 * - "work N": a shell call (the test's worker answers it with a large output), then "done N".
 * It never remembers anything outside what it was sent, so a fact survives compaction only
 * through the summary.
 */
export function compactionBrain(): FakeHandler & { summaries: number } {
  const seen = new Map<string, string>();
  let counter = 0;
  const handler = Object.assign((request: RecordedRequest): FakeReply => {
    const body = request.body as { input?: Item[]; previous_response_id?: string };
    const input = body.input ?? [];
    const visible = `${seen.get(body.previous_response_id ?? "") ?? ""}\n${input.map(textOf).join("\n")}`;
    const id = `resp_brain_${++counter}`;
    const reply = (items: FakeItem[]): FakeReply => {
      seen.set(id, `${visible}\n${items.map((item) => (item.type === "message" ? item.text : "")).join("\n")}`);
      return { kind: "stream", events: responseEvents(items, { id, chunkSize: 64 }) };
    };
    const lastUser = [...input].reverse().find((item) => item.type === "message" && item.role === "user");
    const prompt = lastUser ? textOf(lastUser) : "";
    if (/\bsummary\b/i.test(prompt)) {
      handler.summaries++;
      const facts = [...new Set(visible.match(/FACT: [^\n.]+/g) ?? [])];
      return reply([{ type: "message", text: `Summary: the user asks for work items one by one.\n${facts.join("\n")}` }]);
    }
    const last = input.at(-1);
    if (last?.type === "function_call_output") return reply([{ type: "message", text: `done ${counter}` }]);
    const question = /question: what is the code word\?/i.test(prompt);
    if (question) {
      const word = /FACT: the code word is (\w+)/.exec(visible)?.[1];
      return reply([{ type: "message", text: word ? `The code word is ${word}.` : "I do not know the code word." }]);
    }
    const work = /work (\d+)/.exec(prompt);
    if (work) return reply([{ type: "function_call", name: "shell", arguments: { command: ["bash", "-lc", `report ${work[1]}`] }, callId: `call_${counter}` }]);
    return reply([{ type: "message", text: "ok" }]);
  }, { summaries: 0 });
  return handler;
}

/** Checks that every function call output in a request without previous_response_id has its call in the same input. */
export function pairsIntact(body: { input?: Item[]; previous_response_id?: string }): boolean {
  if (body.previous_response_id) return true;
  const calls = new Set((body.input ?? []).filter((item) => item.type === "function_call").map((item) => item.call_id));
  const outputs = new Set((body.input ?? []).filter((item) => item.type === "function_call_output").map((item) => item.call_id));
  return [...outputs].every((id) => calls.has(id)) && [...calls].every((id) => outputs.has(id));
}
