import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";
import { highlightToHtml } from "./code/highlight.js";

// Loaded on demand (its own chunk): markdown-it, its entity tables and DOMPurify are a fifth of
// the app's code and the session list does not need them.
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

/** Model text as sanitised HTML. */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(md.render(text), { ADD_ATTR: ["target"] });
}
