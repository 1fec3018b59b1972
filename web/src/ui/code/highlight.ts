import DOMPurify from "dompurify";
import type { HLJSApi } from "highlight.js";
import { lazyModule } from "../lazy-module.js";

const highlighter = lazyModule<HLJSApi>(() => import("./hljs-bundle.js").then((module) => module.default));

/** Code longer than this is not guessed at (auto-detection runs every grammar). */
const MAX_AUTO_CHARS = 5000;

/** Loads highlight.js (its own chunk, with the theme) once; later calls share the load. */
export const loadHighlighter = highlighter.load;

/**
 * Highlighted HTML for a piece of code (escaped by highlight.js, then sanitised), or
 * undefined while the highlighter is not loaded. Unknown or missing languages are guessed
 * for short code and left plain for long code.
 */
export function highlightToHtml(code: string, language?: string): string | undefined {
  const hljs = highlighter.current();
  if (!hljs) return undefined;
  const lang = language?.toLowerCase();
  let html: string;
  if (lang && hljs.getLanguage(lang)) html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  else if (code.length <= MAX_AUTO_CHARS && lang !== "text" && lang !== "plaintext") html = hljs.highlightAuto(code).value;
  else html = hljs.highlight(code, { language: "plaintext" }).value;
  return DOMPurify.sanitize(html);
}

/** True once the highlighter is loaded; starts loading it when `wanted`. Re-renders the caller on load. */
export function useHighlighter(wanted: boolean): boolean {
  return highlighter.useLoaded(wanted) !== undefined;
}
