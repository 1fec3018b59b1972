import { CODE_REPLY } from "./brain.js";
import { expect, idle, newSession, openHub, say, test } from "./fixtures.js";
import { DESKTOP, PHONE, TABLET, errorsIn, expectNoSidewaysScroll, snap } from "./layout.js";

test.describe("phone 390x844", () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test("list first, a session fills the screen, approve and cancel by tap, back to the list", async ({ page, stack, consoleLog }, testInfo) => {
    test.slow(); // four turns with real processes
    await openHub(page, stack);
    // Home: the session list fills the screen.
    await expect(page.getByTestId("new-session")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await snap(page, testInfo, "phone-list");

    await page.getByTestId("new-session").tap();
    await snap(page, testInfo, "phone-new-session");
    await page.getByTestId("session-title").fill("telefon");
    await page.getByTestId("session-policy").selectOption("suggest");
    await page.getByTestId("session-create").tap();
    await expect(page.getByTestId("session-view").locator("h1")).toHaveText("telefon");
    await expect(page.getByTestId("new-session")).toBeHidden(); // the list is one tap away, not on screen
    const timeline = await page.getByTestId("timeline").boundingBox();
    expect(timeline!.width).toBeGreaterThanOrEqual(0.9 * PHONE.width);

    // Approve by tap: the waiting command sits above the composer, buttons of 40 px and more at the bottom.
    await say(page, "run: echo telefon-ok");
    await expect(page.getByTestId("approval-dock")).toContainText("$ echo telefon-ok");
    const approve = page.getByTestId("dock-approve");
    const box = await approve.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(40);
    expect(box!.y).toBeGreaterThan(PHONE.height * 0.66);
    expect((await page.getByTestId("dock-deny").boundingBox())!.height).toBeGreaterThanOrEqual(40);
    expect((await page.getByTestId("approval-approve").boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await expectNoSidewaysScroll(page);
    await snap(page, testInfo, "phone-approval");
    await approve.tap();
    await expect(page.getByTestId("message-assistant").last()).toContainText("telefon-ok", { timeout: 45_000 });
    await expect(page.getByTestId("approval-dock")).toHaveCount(0);
    await idle(page);

    // A long line of code scrolls inside its block, not the page.
    await say(page, "code bitte");
    await expect(page.getByTestId("message-assistant").last().locator("pre code .hljs-keyword").first()).toBeVisible();
    await idle(page);
    await expectNoSidewaysScroll(page);
    await snap(page, testInfo, "phone-session");

    // Cancel by tap (the command waits for approval; Cancel denies it and stops the turn).
    await say(page, "run: sleep 30");
    const cancel = page.getByTestId("cancel");
    await expect(cancel).toBeVisible();
    expect((await cancel.boundingBox())!.height).toBeGreaterThanOrEqual(40);
    expect((await page.getByTestId("send").boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await cancel.tap();
    await expect(page.getByTestId("turn-end").last()).toContainText("Turn canceled");
    await idle(page);

    // Back to the list with one tap; the address follows.
    expect(new URL(page.url()).pathname).toMatch(/^\/sessions\//);
    await page.getByTestId("back-to-list").tap();
    await expect(page.getByTestId("session-item").filter({ hasText: "telefon" })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/");
    await expectNoSidewaysScroll(page);
    // And the browser's Back goes to the session again.
    await page.goBack();
    await expect(page.getByTestId("session-view").locator("h1")).toHaveText("telefon");
    expect(errorsIn(consoleLog)).toEqual([]);
  });
});

test.describe("tablet 768x1024", () => {
  test.use({ viewport: TABLET, isMobile: true, hasTouch: true });

  test("list and session side by side, nothing sideways", async ({ page, stack, consoleLog }, testInfo) => {
    test.slow();
    await openHub(page, stack);
    await newSession(page, { title: "tablet" });
    await expect(page.getByTestId("new-session")).toBeVisible();
    await say(page, "code bitte");
    await expect(page.getByTestId("message-assistant").last().locator(".hljs-keyword").first()).toBeVisible();
    await idle(page);
    await say(page, "run: echo tablet-ausgabe");
    await expect(page.getByTestId("message-assistant").last()).toContainText("tablet-ausgabe", { timeout: 45_000 }); // a real process on a busy machine
    await idle(page);
    await expectNoSidewaysScroll(page);
    await snap(page, testInfo, "tablet-session");
    expect(errorsIn(consoleLog)).toEqual([]);
  });
});

test.describe("desktop 1280x800", () => {
  test.use({ viewport: DESKTOP });

  test("highlighted code, installable app, nothing sideways", async ({ page, stack, consoleLog }, testInfo) => {
    await openHub(page, stack);
    await expectNoSidewaysScroll(page);
    await newSession(page, { title: "desktop" });
    await say(page, "code bitte");
    const answer = page.getByTestId("message-assistant").last();
    await expect(answer.locator("pre code.hljs .hljs-keyword").first()).toHaveText("export");
    await expect(answer.locator("pre code")).toContainText("return a + b;");
    expect(CODE_REPLY).toContain("```ts");
    await idle(page);
    await expect(page.getByTestId("back-to-list")).toBeHidden();
    await expectNoSidewaysScroll(page);
    await snap(page, testInfo, "desktop-session");

    // Installable: manifest, icons and a service worker; Chromium reports no installability error.
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? "none")).toBe("activated");
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: { errorId: string }[] };
    // Playwright's contexts are incognito, where Chromium never installs; nothing else may stand in the way.
    expect(installabilityErrors.filter((e) => e.errorId !== "in-incognito")).toEqual([]);
    const manifest = (await cdp.send("Page.getAppManifest")) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(errorsIn(consoleLog)).toEqual([]);
  });
});
