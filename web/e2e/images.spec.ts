import { TOKEN, expect, idle, newSession, openHub, say, test } from "./fixtures.js";
import { errorsIn, snap } from "./layout.js";

/** A real 2x2 PNG (red). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");

test("an image picked in the composer reaches the model as input_image and shows in the timeline after a reload", async ({ page, stack, consoleLog }, testInfo) => {
  test.slow();
  await openHub(page, stack);
  await newSession(page, { title: "bilder" });
  const sessionPath = new URL(page.url()).pathname;
  expect(sessionPath).toMatch(/^\/sessions\/[\w-]+$/);

  // Pick two, remove one; a wrong type gets a clear error and is not added.
  await page.getByTestId("composer-file").setInputFiles([
    { name: "rot.png", mimeType: "image/png", buffer: PNG },
    { name: "zwei.png", mimeType: "image/png", buffer: PNG },
  ]);
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(2);
  await page.getByTestId("attachment-remove").last().click();
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(1);
  await page.getByTestId("composer-file").setInputFiles([{ name: "notiz.bmp", mimeType: "image/bmp", buffer: Buffer.from("BM not really") }]);
  await expect(page.getByTestId("composer-error")).toHaveText("notiz.bmp: only PNG, JPEG, WebP and GIF images can be sent.");
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(1);
  await snap(page, testInfo, "composer-thumbnail");

  const before = stack.fake.requests.length;
  await say(page, "Was siehst du?");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Ich sehe 1 Bild(er): image/png");
  await idle(page);
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(0);
  const request = stack.fake.requests.slice(before).find((r) => JSON.stringify(r.body).includes("input_image"));
  const user = (request!.body.input as { role?: string; content?: unknown }[]).find((item) => item.role === "user");
  expect(user!.content).toEqual([
    { type: "input_text", text: "Was siehst du?" },
    { type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}`, detail: "auto" },
  ]);
  const shown = page.getByTestId("message-user").last().getByTestId("message-image");
  await expect(shown).toBeVisible();

  // After a reload (the deep link of the session), the stored image is fetched with the token and shown.
  await page.reload();
  expect(new URL(page.url()).pathname).toBe(sessionPath);
  await expect(page.getByTestId("session-view").locator("h1")).toHaveText("bilder");
  const reloaded = page.getByTestId("message-user").last().getByTestId("message-image");
  await expect(reloaded).toBeVisible();
  await expect.poll(() => reloaded.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
  await snap(page, testInfo, "timeline-image");
  expect(errorsIn(consoleLog)).toEqual([]);
});

test("images can be pasted and dropped; a shared deep link with ?token= opens the session", async ({ browser, page, stack, consoleLog }) => {
  test.slow(); // two turns and a second browser: generous on a machine shared by many test runs
  await openHub(page, stack);
  await newSession(page, { title: "einfügen" });
  const base64 = PNG.toString("base64");
  await page.getByTestId("composer-input").evaluate((el, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "eingefügt.png", { type: "image/png" }));
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, base64);
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(1);
  await page.getByTestId("composer").evaluate((el, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "gezogen.png", { type: "image/png" }));
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, base64);
  await expect(page.getByTestId("attachment-thumb")).toHaveCount(2);
  await say(page, "Zwei Bilder");
  await expect(page.getByTestId("message-assistant").last()).toHaveText("Ich sehe 2 Bild(er): image/png, image/png");
  await idle(page);

  // Someone opens the shared address in a fresh browser: token taken, session shown.
  const path = new URL(page.url()).pathname;
  const context = await browser.newContext();
  const other = await context.newPage();
  const otherErrors: string[] = [];
  other.on("pageerror", (error) => otherErrors.push(error.message));
  other.on("console", (message) => message.type() === "error" && otherErrors.push(message.text()));
  await other.goto(`${stack.url}${path}?token=${TOKEN}`);
  await expect(other.getByTestId("session-view").locator("h1")).toHaveText("einfügen");
  await expect(other.getByTestId("message-image")).toHaveCount(2);
  expect(new URL(other.url()).pathname).toBe(path);
  expect(new URL(other.url()).searchParams.get("token")).toBeNull();
  await context.close();
  expect(otherErrors).toEqual([]);
  expect(errorsIn(consoleLog)).toEqual([]);
});
