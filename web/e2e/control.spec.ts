import { LONG_STORY } from "./brain.js";
import { expect, idle, newSession, openHub, say, test } from "./fixtures.js";

test("cancels a long tool call", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "cancel" });
  await say(page, "run: echo startet; sleep 60");
  const card = page.getByTestId("tool-card");
  await expect(card.getByTestId("tool-output")).toContainText("startet");
  await expect(page.getByTestId("session-status")).toHaveAttribute("data-status", /running|streaming/);
  await page.getByTestId("cancel").click();
  await expect(page.getByTestId("turn-end").last()).toContainText("Turn canceled");
  await idle(page);
  await expect(page.getByTestId("cancel")).toHaveCount(0);
  // The session works on.
  await say(page, "hi ai antworte mir bitte mit hallo");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Hallo");
});

test("approve runs the command, deny tells the model", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "approvals", policy: "suggest" });
  await say(page, "run: echo genehmigt");
  await expect(page.getByTestId("session-status")).toHaveAttribute("data-status", "awaiting_approval");
  await expect(page.getByTestId("session-item").filter({ hasText: "approvals" })).toHaveAttribute("data-status", "awaiting_approval");
  await page.getByTestId("approval-approve").click();
  await expect(page.getByTestId("tool-card").first().getByTestId("tool-output")).toContainText("genehmigt");
  await expect(page.getByTestId("message-assistant").last()).toContainText("genehmigt");
  await idle(page);

  await say(page, "run: echo abgelehnt");
  await page.getByTestId("approval-deny").click();
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Das Kommando lief nicht: denied by the user");
  await expect(page.getByTestId("tool-card").last()).toContainText("denied");
  await idle(page);
});

test("the socket dropped mid-stream: reconnects and shows the full answer exactly once", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "drop" });
  await say(page, "erzähl lang");
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toContainText("Satz 3 der Geschichte.");
  await page.evaluate(() => (window as unknown as { aiflare: { dropConnection(): void } }).aiflare.dropConnection());
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  await expect(answer).toHaveText(LONG_STORY, { timeout: 30_000 });
  await idle(page);
  const text = await page.getByTestId("timeline").innerText();
  expect(text.split("ENDE-DER-GESCHICHTE").length - 1).toBe(1);
  expect(text.split("Satz 1 der Geschichte.").length - 1).toBe(1);
  await expect(page.getByTestId("message-assistant")).toHaveCount(1);
  // What the page holds is every event once, in order: nothing lost, nothing twice.
  const seqs = await page.evaluate(() => {
    const store = (window as unknown as { aiflare: { getState(): { activeId: string; sessions: Record<string, { events: { seq: number }[] }> } } }).aiflare;
    const state = store.getState();
    return state.sessions[state.activeId]!.events.map((e) => e.seq);
  });
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
});
