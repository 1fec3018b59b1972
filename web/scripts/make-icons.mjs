// Renders the app icons (PNG) from the logo with Chromium: node web/scripts/make-icons.mjs
import { chromium } from "@playwright/test";

const out = new URL("../public/icons/", import.meta.url).pathname;
const icon = (size, inset) => `<html><body style="margin:0"><div style="width:${size}px;height:${size}px;background:#14171c;display:flex;align-items:center;justify-content:center">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="${size * (1 - 2 * inset)}" height="${size * (1 - 2 * inset)}"><path d="M8 1l7 7-7 7-7-7z" fill="#ff6a2b"/></svg></div></body></html>`;
const browser = await chromium.launch({ executablePath: process.env.AIFLARE_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
for (const [name, size, inset] of [["icon-192.png", 192, 0.16], ["icon-512.png", 512, 0.16], ["icon-maskable-512.png", 512, 0.26]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(icon(size, inset));
  await page.screenshot({ path: `${out}${name}`, omitBackground: false });
}
await browser.close();
