import { expect, type Page, type TestInfo } from "@playwright/test";

/** The three sizes the UI is built for. */
export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * Nothing scrolls sideways: the page is no wider than the viewport, no element reaches past
 * its right edge, and no scroll container scrolls sideways, except code blocks and diffs,
 * which scroll inside themselves.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const offenders = await page.evaluate(() => {
    const inside = "pre, .diff, .diffview-scroll, .tool-output, .tool-args, .code-block";
    const width = document.documentElement.clientWidth;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}.${String(el.className).split(" ").join(".")}`;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`page is ${document.documentElement.scrollWidth}px wide in ${width}px`);
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      if (el.parentElement?.closest(inside)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right > width + 1) found.push(`${name(el)} reaches ${Math.round(rect.right)}px`);
      const overflow = getComputedStyle(el).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1 && !el.matches(inside)) found.push(`${name(el)} scrolls sideways`);
    }
    return found;
  });
  expect(offenders).toEqual([]);
}

/** A screenshot of the page, attached to the test's report (and kept in its output folder). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Console errors and page errors seen so far. */
export function errorsIn(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith("[error]") || line.startsWith("[pageerror]"));
}
