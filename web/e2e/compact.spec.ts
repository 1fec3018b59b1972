import { expect, idle, newSession, openHub, say, test } from "./fixtures.js";

test("/compact in the composer and the Compact button compact the context; the model keeps what it was told", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "compact" });
  await say(page, "Merke dir: Mango");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Gemerkt: Mango");
  await idle(page);
  // The meter shows how full the context is (the fake model's window is the default for unknown models).
  await expect(page.getByTestId("context-text")).toHaveText(/^\d+ \/ 128k$/);

  await say(page, "/compact");
  const marks = page.getByTestId("compaction");
  await expect(marks).toHaveCount(1);
  await expect(marks.first()).toHaveAttribute("data-reason", "manual");
  await expect(page.getByTestId("message-user")).toHaveCount(1); // "/compact" is a command, not a prompt
  await idle(page);

  // The new context holds only the summary, and the model still knows the fact.
  await say(page, "Was habe ich mir gemerkt?");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Du hast dir gemerkt: Mango");
  await idle(page);

  await page.getByTestId("compact").click();
  await expect(marks).toHaveCount(2);
  await idle(page);
  await say(page, "Was habe ich mir gemerkt?");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Du hast dir gemerkt: Mango");
});
