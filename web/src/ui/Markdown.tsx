import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";
import { memo, useMemo } from "react";
import { highlightToHtml, useHighlighter } from "./code/highlight.js";

// Raw HTML in model output is never HTML: markdown-it escapes it (html: false), refuses
// javascript: links, and DOMPurify cleans the result once more before it reaches the DOM.
// Fenced code is highlighted by highlight.js once its chunk has loaded (escaped by it first).
const md: MarkdownIt = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: true,
  highlight: (code: string, lang: string): string => {
    const html = highlightToHtml(code, lang.trim().split(/\s+/)[0] || undefined);
    if (html === undefined) return "";
    return `<pre><code class="hljs${lang ? ` language-${escapeAttr(lang)}` : ""}">${html}</code></pre>`;
  },
});
function escapeAttr(text: string): string {
  return text.replace(/[^\w+#.-]/g, "");
}
const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("target", "_blank");
  tokens[idx]?.attrSet("rel", "noopener noreferrer");
  return defaultLink(tokens, idx, options, env, self);
};

/** Model text rendered as sanitised markdown (code blocks highlighted, lists, links). */
export const Markdown = memo(function Markdown({ text, testId }: { text: string; testId?: string }) {
  const hasCode = text.includes("```") || text.includes("~~~");
  const ready = useHighlighter(hasCode);
  const html = useMemo(() => DOMPurify.sanitize(md.render(text), { ADD_ATTR: ["target"] }), [text, ready]);
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
});
