import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, idle, newSession, openHub, say, test, TOKEN } from "./fixtures.js";
import { DESKTOP, expectNoSidewaysScroll, PHONE, snap } from "./layout.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.com", ...args], { cwd, stdio: "pipe" });

/** The row of a session in the sidebar. */
const row = (page: Page, title: string) => page.locator(".session-row").filter({ has: page.getByTestId("session-item").filter({ hasText: title }) });

test("workspace panel: changes refreshed after a turn, files, and a terminal", async ({ page, stack }, testInfo) => {
  test.setTimeout(150_000); // a turn, git on the worker and an interactive shell start: slow on a loaded machine
  const repo = join(stack.root, "ws-repo");
  await mkdir(join(repo, "src"), { recursive: true });
  await writeFile(join(repo, "hello.txt"), "Hallo\n");
  await writeFile(join(repo, "src", "app.ts"), "export const answer = 42;\n");
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "start");
  await writeFile(join(repo, "hello.txt"), "Hallo Welt\n");
  await writeFile(join(repo, "notes.md"), "# Notizen\n");

  await openHub(page, stack);
  await page.getByTestId("new-session").click();
  await page.getByTestId("session-title").fill("workspace");
  await page.getByTestId("session-workdir").fill(repo);
  await page.getByTestId("session-create").click();
  await expect(page.getByTestId("session-view").locator("h1")).toHaveText("workspace");

  // Changes: the modified and the untracked file, with highlighted diffs.
  const changes = page.getByTestId("workspace-changes");
  await expect(changes.getByTestId("changed-file")).toHaveCount(2);
  await expect(changes.getByTestId("changed-file").filter({ hasText: "hello.txt" })).toHaveAttribute("data-status", "modified");
  await expect(changes.getByTestId("diff-view")).toContainText("Hallo Welt");
  await expect(changes.getByTestId("diff-file")).toHaveCount(2);
  // A turn that writes a file: the list follows without a click.
  await say(page, "run: echo neu > later.txt");
  await idle(page);
  await expect(changes.getByTestId("changed-file")).toHaveCount(3);
  await expect(changes.getByTestId("changed-file").filter({ hasText: "later.txt" })).toHaveAttribute("data-status", "added");
  // A tap on a file in the list brings its diff into view.
  await changes.getByTestId("changed-file").filter({ hasText: "later.txt" }).getByRole("button").click();
  await expect(changes.locator('[data-testid=diff-file][data-path="later.txt"]')).toBeInViewport();
  await snap(page, testInfo, "workspace-changes-desktop");
  await expectNoSidewaysScroll(page);
  // On a phone the panel is one switch away from the chat, and nothing scrolls sideways.
  await page.setViewportSize(PHONE);
  await page.getByTestId("show-workspace").click();
  await expect(changes.getByTestId("changed-file")).toHaveCount(3);
  await snap(page, testInfo, "workspace-changes-phone");
  await expectNoSidewaysScroll(page);
  await page.setViewportSize(DESKTOP);

  // Files: folders first, into src, open a file.
  await page.getByTestId("workspace-tab-files").click();
  const tree = page.getByTestId("file-tree");
  await expect(tree.getByTestId("tree-entry").first()).toHaveAttribute("data-type", "dir");
  await tree.getByTestId("tree-entry").filter({ hasText: "src" }).click();
  await tree.getByTestId("tree-entry").filter({ hasText: "app.ts" }).click();
  await expect(page.getByTestId("file-content")).toHaveText("export const answer = 42;\n");
  await page.getByTestId("file-close").click();
  await expect(page.getByTestId("files-crumbs")).toContainText("src");

  // Terminal: type a command, see its output; a second terminal beside it.
  await page.getByTestId("workspace-tab-terminal").click();
  await page.getByTestId("terminal-new").click();
  const terminal = page.getByTestId("terminal");
  await expect(terminal).toHaveCount(1);
  await terminal.click();
  await page.keyboard.type("echo term-$((6*7)) && basename $PWD");
  await page.keyboard.press("Enter");
  await expect(terminal.locator(".xterm-rows")).toContainText("term-42");
  await expect(terminal.locator(".xterm-rows")).toContainText("ws-repo");
  await page.getByTestId("terminal-new").click();
  await expect(page.getByTestId("terminal-tab")).toHaveCount(2);
  await page.getByTestId("terminal-close").first().click();
  await expect(page.getByTestId("terminal-tab")).toHaveCount(1);
});

test("session management: rename, archive, search, export and delete", async ({ page, stack }) => {
  await openHub(page, stack);
  await newSession(page, { title: "Alpha mgmt" });
  await say(page, "Merke dir: Kiwi");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Gemerkt: Kiwi");
  await newSession(page, { title: "Beta mgmt" });
  await say(page, "Merke dir: Mango");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Gemerkt: Mango");

  // Search finds message text, not just titles.
  await page.getByTestId("session-search").fill("kiwi");
  await expect(page.getByTestId("session-item")).toHaveCount(1);
  await expect(page.getByTestId("session-item")).toHaveText(/Alpha mgmt/);
  await page.getByTestId("session-search").fill("");
  await expect(page.getByTestId("session-item").filter({ hasText: "mgmt" })).toHaveCount(2);

  // Rename.
  await row(page, "Beta mgmt").getByTestId("session-menu").click();
  await page.getByTestId("menu-rename").click();
  await page.getByTestId("rename-input").fill("Gamma mgmt");
  await page.getByTestId("rename-save").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Gamma mgmt" })).toHaveCount(1);

  // Export as Markdown: a download with the conversation.
  await row(page, "Gamma mgmt").getByTestId("session-menu").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("menu-export-md").click()]);
  expect(download.suggestedFilename()).toMatch(/^aiflare-Gamma-mgmt-.*\.md$/);

  // Archive: gone from the list, there behind the toggle, back after unarchiving.
  await row(page, "Gamma mgmt").getByTestId("session-menu").click();
  await page.getByTestId("menu-archive").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Gamma mgmt" })).toHaveCount(0);
  await page.getByTestId("show-archived").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Gamma mgmt" })).toHaveCount(1);
  await row(page, "Gamma mgmt").getByTestId("session-menu").click();
  await page.getByTestId("menu-archive").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Gamma mgmt" })).toHaveCount(0);
  await page.getByTestId("show-archived").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Gamma mgmt" })).toHaveCount(1);

  // Delete, after a confirmation.
  const alphaId = await page.getByTestId("session-item").filter({ hasText: "Alpha mgmt" }).getAttribute("data-session-id");
  await row(page, "Alpha mgmt").getByTestId("session-menu").click();
  await page.getByTestId("menu-delete").click();
  await page.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("session-item").filter({ hasText: "Alpha mgmt" })).toHaveCount(0);
  const gone = await page.request.get(`${stack.url}/api/sessions/${alphaId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(gone.status()).toBe(404);
});
