import { expect, idle, newSession, openHub, say, test } from "./fixtures.js";

test("MCP tools: listed under the worker, a call shown as a card with server, tool, arguments and result; suggest asks first", async ({ page, stack }, testInfo) => {
  await openHub(page, stack);
  const worker = page.getByTestId("worker-item").filter({ hasText: "e2e-box" });
  await expect(worker.getByTestId("worker-sandbox")).toHaveAttribute("data-mode", /^(workspace-write|read-only|off)$/);
  await expect(worker.getByTestId("worker-tool-count")).toHaveText("9 MCP tools");
  await worker.getByTestId("worker-tool-count").click();
  await expect(worker.getByTestId("worker-tool")).toContainText(["add", "fail", "crash", "pid", "slow", "mixed", "touch", "grow", "steps"]);

  await newSession(page, { title: "mcp" });
  await say(page, 'mcp: add {"a": 2, "b": 40}');
  const card = page.getByTestId("tool-card").last();
  await expect(card.getByTestId("mcp-server")).toHaveText("fx");
  await expect(card.getByTestId("mcp-tool")).toHaveText("add");
  await expect(card.getByTestId("mcp-args")).toHaveText("a2b40");
  await expect(card.getByTestId("tool-output")).toHaveText("sum: 42");
  await expect(page.getByTestId("message-assistant").last()).toContainText("sum: 42");
  await idle(page);

  await say(page, 'mcp: fail {"why": "nicht heute"}');
  const failed = page.getByTestId("tool-card").last();
  await expect(failed).toHaveClass(/tool-failed/);
  await expect(failed.getByTestId("tool-output")).toContainText("refused: nicht heute");
  await expect(failed.getByTestId("tool-output")).toContainText("the MCP tool reported an error");
  await idle(page);
  await page.screenshot({ path: testInfo.outputPath("mcp-1280.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("mcp-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await newSession(page, { title: "mcp-suggest", policy: "suggest" });
  await say(page, 'mcp: pid {}');
  await expect(page.getByTestId("session-status")).toHaveAttribute("data-status", "awaiting_approval");
  const waiting = page.getByTestId("tool-card").last();
  await expect(waiting.getByTestId("approval")).toContainText("Call this tool?");
  await expect(waiting.getByTestId("mcp-tool")).toHaveText("pid");
  await page.screenshot({ path: testInfo.outputPath("mcp-approval-1280.png") });
  await page.getByTestId("approval-approve").click();
  await expect(waiting.getByTestId("tool-output")).toHaveText(/^\d+$/);
  await idle(page);
});
