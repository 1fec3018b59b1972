import { FakePushService, type FakeSubscription } from "@aiflare/core/testing";
import type { Page } from "@playwright/test";
import { TOKEN, expect, idle, newSession, openHub, say, test as base } from "./fixtures.js";
import { errorsIn, snap } from "./layout.js";

/**
 * The test plays the push service: an HTTPS endpoint with a certificate it made, which the hub
 * process trusts through NODE_EXTRA_CA_CERTS, decrypting each message with the subscription's
 * keys. Headless Chromium has no push service of its own to subscribe with, so the page's
 * PushManager hands out the test's subscription (recording the key the UI subscribed with).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
const test = base.extend<{}, { pushService: FakePushService }>({
  pushService: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const service = await FakePushService.start();
      await use(service);
      await service.close();
    },
    { scope: "worker" },
  ],
  hubEnv: [async ({ pushService }, use) => use({ NODE_EXTRA_CA_CERTS: pushService.certPath }), { scope: "worker" }],
});

/** Makes the page's PushManager subscribe to the fake push service. */
async function stubPushManager(page: Page, subscription: FakeSubscription): Promise<void> {
  await page.addInitScript((sub) => {
    const w = window as unknown as { __push?: { key: number[]; userVisibleOnly: boolean } };
    let current: unknown = null;
    PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
      w.__push = { key: Array.from(new Uint8Array(options?.applicationServerKey as ArrayBuffer)), userVisibleOnly: options?.userVisibleOnly ?? false };
      current = {
        endpoint: sub.endpoint,
        expirationTime: null,
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: () => {
          current = null;
          return Promise.resolve(true);
        },
      };
      return Promise.resolve(current as PushSubscription);
    };
    PushManager.prototype.getSubscription = () => Promise.resolve(current as PushSubscription | null);
  }, subscription);
}

const payloadOf = (text: string) => JSON.parse(text) as { sessionId: string; reason: string; title: string; body: string; url: string };

test("Notify me: the hub pushes approvals and finished turns, encrypted for this browser; the title counts what waits", async ({ page, stack, pushService, consoleLog }, testInfo) => {
  test.slow(); // three sessions' turns end to end
  const subscription = pushService.subscription();
  await page.context().grantPermissions(["notifications"], { origin: stack.url });
  await stubPushManager(page, subscription);
  await openHub(page, stack);
  await newSession(page, { title: "Zweite", policy: "suggest" });
  const otherId = new URL(page.url()).pathname.split("/").at(-1)!;
  await newSession(page, { title: "Sofa", policy: "suggest" });
  const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;

  const subscribed = page.waitForResponse((r) => r.url().endsWith("/api/push/subscriptions") && r.request().method() === "POST");
  await page.locator(".switch").click();
  expect((await subscribed).status()).toBe(201);
  await expect(page.getByTestId("notify-toggle")).toBeChecked();
  // The browser subscribed with the hub's VAPID key.
  const { key } = (await (await page.request.get(`${stack.url}/api/push/vapid-public-key`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { key: string };
  const pushed = await page.evaluate(() => (window as unknown as { __push: { key: number[]; userVisibleOnly: boolean } }).__push);
  expect(Buffer.from(pushed.key).toString("base64url")).toBe(key);
  expect(pushed.userVisibleOnly).toBe(true);
  await snap(page, testInfo, "notify-on");

  // An approval: the payload names the session and the command.
  await say(page, "run: echo sofa-ok");
  const approval = await pushService.waitFor((p) => payloadOf(p.text).reason === "approval" && payloadOf(p.text).sessionId === sessionId);
  expect(payloadOf(approval.text)).toEqual({ sessionId, reason: "approval", title: "Sofa: approval needed", body: "$ echo sofa-ok", url: `/sessions/${sessionId}` });
  expect(approval.headers.authorization).toContain(`k=${key}`);
  await expect(page).toHaveTitle("(1) aiflare");
  await page.getByTestId("approval-approve").click();
  const finished = await pushService.waitFor((p) => payloadOf(p.text).reason === "completed" && payloadOf(p.text).sessionId === sessionId);
  expect(payloadOf(finished.text)).toMatchObject({ sessionId, reason: "completed", title: "Sofa: turn completed", url: `/sessions/${sessionId}` });
  expect(payloadOf(finished.text).body).toContain("sofa-ok");
  await idle(page);
  await expect(page).toHaveTitle("aiflare");

  // Another session waiting for an approval shows in the title.
  const sent = await page.request.post(`${stack.url}/api/sessions/${otherId}/messages`, { headers: { authorization: `Bearer ${TOKEN}` }, data: { text: "run: echo zwei" } });
  expect(sent.status()).toBe(202);
  await expect(page).toHaveTitle("(1) aiflare");
  await expect(page.getByTestId("back-to-list")).toBeHidden();
  await pushService.waitFor((p) => payloadOf(p.text).sessionId === otherId && payloadOf(p.text).reason === "approval");

  // Off: the hub forgets the subscription.
  const removed = page.waitForResponse((r) => r.url().endsWith("/api/push/subscriptions") && r.request().method() === "DELETE");
  await page.locator(".switch").click();
  expect((await removed).status()).toBe(204);
  await expect(page.getByTestId("notify-toggle")).not.toBeChecked();
  expect(errorsIn(consoleLog)).toEqual([]);
});

test("the service worker shows a push for another session, and none for the session in the focused tab", async ({ page, stack, consoleLog }) => {
  await page.context().grantPermissions(["notifications"], { origin: stack.url });
  await openHub(page, stack);
  await newSession(page, { title: "Hier" });
  const here = new URL(page.url()).pathname;
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? "none")).toBe("activated");
  await page.bringToFront();
  const cdp = await page.context().newCDPSession(page);
  const registrations: { registrationId: string; scopeURL: string }[] = [];
  cdp.on("ServiceWorker.workerRegistrationUpdated", (event: { registrations: { registrationId: string; scopeURL: string }[] }) => registrations.push(...event.registrations));
  await cdp.send("ServiceWorker.enable");
  await expect.poll(() => registrations.length).toBeGreaterThan(0);
  const deliver = (payload: object) =>
    cdp.send("ServiceWorker.deliverPushMessage", { origin: new URL(stack.url).origin, registrationId: registrations[0]!.registrationId, data: JSON.stringify(payload) });
  const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title));

  expect(await page.evaluate(() => document.hasFocus())).toBe(true);
  await deliver({ sessionId: here.split("/").at(-1), reason: "completed", title: "Hier: turn completed", body: "x", url: here });
  await deliver({ sessionId: "woanders", reason: "approval", title: "Woanders: approval needed", body: "$ ls", url: "/sessions/woanders" });
  await expect.poll(shown).toEqual(["Woanders: approval needed"]);
  // Once the tab shows something else, the same push does show.
  await page.evaluate(() => (window as unknown as { aiflare: { home(): void } }).aiflare.home());
  await expect.poll(() => new URL(page.url()).pathname).toBe("/");
  await expect
    .poll(async () => {
      await deliver({ sessionId: here.split("/").at(-1), reason: "completed", title: "Hier: turn completed", body: "x", url: here });
      return (await shown()).sort();
    })
    .toEqual(["Hier: turn completed", "Woanders: approval needed"]);
  expect(errorsIn(consoleLog)).toEqual([]);
});
