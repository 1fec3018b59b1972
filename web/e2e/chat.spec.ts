import { XSS_REPLY } from "./brain.js";
import { expect, idle, newSession, openHub, say, test } from "./fixtures.js";

test("answers 'hi ai antworte mir bitte mit hallo' with Hallo", async ({ page, stack, consoleLog }) => {
  await openHub(page, stack);
  await newSession(page, { title: "hallo" });
  await say(page, "hi ai antworte mir bitte mit hallo");
  await expect(page.getByTestId("message-user")).toHaveText("hi ai antworte mir bitte mit hallo");
  await expect(page.getByTestId("message-assistant")).toHaveText("Hallo");
  await idle(page);
  expect(new URL(page.url()).searchParams.get("token")).toBeNull(); // taken out of the address bar
  expect(consoleLog.filter((line) => line.startsWith("[error]") || line.startsWith("[pageerror]"))).toEqual([]);
});

test("two sessions keep independent context", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "apfel" });
  await say(page, "Merke dir: Apfel");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Gemerkt: Apfel");
  await idle(page);
  await newSession(page, { title: "birne" });
  await say(page, "Merke dir: Birne");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Gemerkt: Birne");
  await idle(page);

  await page.getByTestId("session-item").filter({ hasText: "apfel" }).click();
  await say(page, "Was habe ich mir gemerkt?");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Du hast dir gemerkt: Apfel");
  await idle(page);
  await page.getByTestId("session-item").filter({ hasText: "birne" }).click();
  await say(page, "Was habe ich mir gemerkt?");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Du hast dir gemerkt: Birne");
});

test("a shell tool's output shows in its card and in the reply", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "shell" });
  await say(page, "run: echo e2e-ausgabe-42 && echo fehler >&2");
  const card = page.getByTestId("tool-card");
  await expect(card.getByTestId("tool-command")).toHaveText("$ echo e2e-ausgabe-42 && echo fehler >&2");
  await expect(card.getByTestId("tool-output")).toContainText("e2e-ausgabe-42");
  await expect(card.getByTestId("tool-output")).toContainText("fehler");
  await expect(card.getByTestId("tool-exit")).toContainText("exit 0");
  await expect(page.getByTestId("message-assistant").last()).toContainText("Das Kommando lieferte:");
  await expect(page.getByTestId("message-assistant").last().locator("pre code")).toContainText("e2e-ausgabe-42");
  await idle(page);
  await expect(page.getByTestId("usage")).not.toHaveText("0 tokens");
});

test("model output with <img onerror> and <script> is shown as text and never runs", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "xss" });
  await say(page, "xss");
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toContainText('<img src=x onerror="window.__xss=1">');
  await expect(answer).toContainText("<script>window.__xss=2</script>");
  await expect(answer.locator("strong")).toHaveText("fett");
  await expect(answer.locator("img, script")).toHaveCount(0);
  await idle(page);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(XSS_REPLY).toContain("onerror");
});
