import { memo, useMemo } from "react";
import { highlightToHtml, useHighlighter } from "./highlight.js";
import { languageForPath } from "./languages.js";

/**
 * A block of code, highlighted once highlight.js has loaded (plain text until then), for
 * answers, the file viewer and anything else that shows code. `path` picks the language
 * when `language` is not given. Scrolls sideways inside itself, never the page.
 */
export const CodeBlock = memo(function CodeBlock({ code, language, path, testId }: { code: string; language?: string; path?: string; testId?: string }) {
  const ready = useHighlighter(true);
  const lang = language ?? (path ? languageForPath(path) : undefined);
  const html = useMemo(() => (ready ? highlightToHtml(code, lang) : undefined), [ready, code, lang]);
  return (
    <pre className="code-block" data-testid={testId} data-language={lang}>
      {html !== undefined ? <code className={`hljs${lang ? ` language-${lang}` : ""}`} dangerouslySetInnerHTML={{ __html: html }} /> : <code>{code}</code>}
    </pre>
  );
});

export { highlightToHtml, loadHighlighter, useHighlighter } from "./highlight.js";
export { languageForPath } from "./languages.js";
