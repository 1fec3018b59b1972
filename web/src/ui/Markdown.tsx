import { memo, useEffect, useMemo, useState } from "react";
import { useHighlighter } from "./code/highlight.js";

type Render = (text: string) => string;
let render: Render | undefined;
let loading: Promise<Render> | undefined;
const listeners = new Set<() => void>();

/** Loads the markdown renderer (its own chunk) once; the app starts it right after the first paint. */
export function loadMarkdown(): Promise<Render> {
  loading ??= import("./markdown-render.js").then((module) => {
    render = module.renderMarkdown;
    for (const listener of listeners) listener();
    return render;
  });
  return loading;
}

function useMarkdownRenderer(): Render | undefined {
  const [loaded, setLoaded] = useState(() => render);
  useEffect(() => {
    if (loaded) return;
    const listener = () => setLoaded(() => render);
    listeners.add(listener);
    if (render) listener();
    else void loadMarkdown();
    return () => void listeners.delete(listener);
  }, [loaded]);
  return loaded;
}

/**
 * Model text rendered as sanitised markdown (code blocks highlighted, lists, links). Until the
 * renderer's chunk is there (a moment after the first load), the text shows as plain text.
 */
export const Markdown = memo(function Markdown({ text, testId }: { text: string; testId?: string }) {
  const hasCode = text.includes("```") || text.includes("~~~");
  const ready = useHighlighter(hasCode);
  const renderer = useMarkdownRenderer();
  const html = useMemo(() => renderer?.(text), [text, ready, renderer]);
  if (html === undefined) return <div className="markdown markdown-plain" data-testid={testId}>{text}</div>;
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
});
