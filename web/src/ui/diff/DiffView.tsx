import "diff2html/bundles/css/diff2html.min.css";
import DOMPurify from "dompurify";
import { html } from "diff2html";
import { Diff2HtmlUI } from "diff2html/lib-esm/ui/js/diff2html-ui-slim.js";
import { useEffect, useRef } from "react";

/** A changed file as the hub reports it (workspace diff, a turn's diff). */
export interface DiffFile {
  path: string;
  status: "added" | "modified" | "deleted";
  diff: string;
}

/**
 * Unified diffs, rendered and syntax-highlighted by diff2html (loaded with this module, which
 * callers import lazily). The HTML is sanitised before it touches the page; highlighting then
 * works on the sanitised lines.
 */
export function DiffView({ files }: { files: DiffFile[] }) {
  const target = useRef<HTMLDivElement>(null);
  const text = files.map((file) => file.diff).filter((diff) => diff.startsWith("diff --git ")).join("\n");
  const without = files.filter((file) => !file.diff.startsWith("diff --git "));
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const config = { drawFileList: false, outputFormat: "line-by-line" as const, matching: "none" as const };
    element.innerHTML = DOMPurify.sanitize(html(text, config));
    const ui = new Diff2HtmlUI(element, undefined, { ...config, highlight: true, fileContentToggle: false, stickyFileHeaders: false });
    ui.highlightCode();
  }, [text]);
  return (
    <div className="diff-view" data-testid="diff-view">
      <div ref={target} />
      {without.map((file) => (
        <div key={file.path} className="diff-note" data-testid="diff-note">
          <span className={`change change-${file.status}`}>{file.status}</span> <span className="mono">{file.path}</span> <span className="muted small">{file.diff.trim() || "no diff to show"}</span>
        </div>
      ))}
    </div>
  );
}

export default DiffView;
