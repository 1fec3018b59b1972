import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, idle, openHub, say, test } from "./fixtures.js";

/** Set AIFLARE_SCREENSHOTS=DIR to keep phone and desktop screenshots of the diff and undo dialogs. */
const shots = process.env.AIFLARE_SCREENSHOTS;

test("a turn's diff opens, and undo puts its files back", async ({ page, stack }) => {
  const work = join(stack.root, "undo-e2e");
  await mkdir(work, { recursive: true });
  await writeFile(join(work, "keep.ts"), "export const wert = 1;\n");
  await writeFile(join(work, "weg.txt"), "bleibt nicht\n");
  await openHub(page, stack);
  await page.getByTestId("new-session").click();
  await page.getByTestId("session-title").fill("undo");
  await page.getByTestId("session-workdir").fill(work);
  await page.getByTestId("session-create").click();
  await expect(page.getByTestId("session-view").locator("h1")).toHaveText("undo");

  await say(page, `run: printf 'export const wert = 2;\\nexport const neu = "${"x".repeat(180)}";\\n' > keep.ts && echo neu > neu.txt && rm weg.txt`);
  await idle(page);
  const actions = page.getByTestId("turn-actions").last();
  await expect(actions.getByTestId("turn-files")).toHaveText("3 files changed");

  await actions.getByTestId("turn-files").click();
  const dialog = page.getByTestId("diff-dialog");
  await expect(dialog.getByTestId("diff-file")).toHaveCount(3);
  await expect(dialog.locator('[data-path="keep.ts"]')).toContainText("export const wert = 2;");
  await expect(dialog.locator('[data-path="keep.ts"] .token.keyword').first()).toHaveText("export"); // highlighted
  await expect(dialog.locator('[data-path="weg.txt"]')).toContainText("bleibt nicht");
  if (shots) {
    await page.screenshot({ path: join(shots, "diff-1280.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, "diff-390.png") });
  }
  await dialog.getByTestId("diff-close").click();

  await actions.getByTestId("turn-undo").click();
  const undo = page.getByTestId("undo-dialog");
  await expect(undo.getByTestId("undo-file")).toHaveText(["keep.ts", "neu.txt", "weg.txt"]);
  if (shots) await page.screenshot({ path: join(shots, "undo-390.png") });
  await undo.getByTestId("undo-submit").click();
  await expect(undo).toHaveCount(0);
  await expect(page.getByTestId("reverted")).toContainText("keep.ts");
  await expect(actions.getByTestId("turn-reverted")).toHaveText("reverted");
  await expect(actions.getByTestId("turn-undo")).toHaveCount(0);
  if (shots) {
    await page.screenshot({ path: join(shots, "reverted-390.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(shots, "reverted-1280.png") });
  }
  // The workspace of the test: the files are as before the turn.
  expect((await readdir(work)).sort()).toEqual(["keep.ts", "weg.txt"]);
  expect(await readFile(join(work, "keep.ts"), "utf8")).toBe("export const wert = 1;\n");
  expect(await readFile(join(work, "weg.txt"), "utf8")).toBe("bleibt nicht\n");

  // Fork from the reverted turn's predecessor point: a new session opens, linked to this one.
  await actions.getByTestId("turn-fork").click();
  await expect(page.getByTestId("session-view").locator("h1")).toHaveText("undo (fork)");
  await idle(page);
});
