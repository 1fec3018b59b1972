import { memo, useMemo } from "react";
import { useHighlighter } from "./code/highlight.js";
import { lazyModule } from "./lazy-module.js";

const renderer = lazyModule(() => import("./markdown-render.js").then((module) => module.renderMarkdown));

/** Loads the markdown renderer (its own chunk) once; the app starts it right after the first paint. */
export const loadMarkdown = renderer.load;

/**
 * Model text rendered as sanitised markdown (code blocks highlighted, lists, links). Until the
 * renderer's chunk is there (a moment after the first load), the text shows as plain text.
 */
export const Markdown = memo(function Markdown({ text, testId }: { text: string; testId?: string }) {
  const hasCode = text.includes("```") || text.includes("~~~");
  const ready = useHighlighter(hasCode);
  const render = renderer.useLoaded(true);
  const html = useMemo(() => render?.(text), [text, ready, render]);
  if (html === undefined) return <div className="markdown markdown-plain" data-testid={testId}>{text}</div>;
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
});
