import { refractor } from "refractor";
import { Diff, Hunk, markEdits, parseDiff, tokenize, type HunkData, type HunkTokens } from "react-diff-view";
import "react-diff-view/style/index.css";
import "./diff.css";

/** One changed file with its unified diff (what the hub's diff routes answer). */
export interface DiffFile {
  path: string;
  status: "added" | "modified" | "deleted";
  diff: string;
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: "typescript", tsx: "tsx", js: "javascript", jsx: "jsx", mjs: "javascript", cjs: "javascript",
  json: "json", md: "markdown", py: "python", rb: "ruby", go: "go", rs: "rust", java: "java", kt: "kotlin",
  c: "c", h: "c", cc: "cpp", cpp: "cpp", hpp: "cpp", cs: "csharp", php: "php", swift: "swift",
  sh: "bash", bash: "bash", zsh: "bash", yml: "yaml", yaml: "yaml", toml: "ini", ini: "ini", css: "css", scss: "scss",
  html: "markup", xml: "markup", svg: "markup", sql: "sql", lua: "lua", diff: "diff", makefile: "makefile",
};

function languageOf(path: string): string | undefined {
  const name = path.split("/").pop()?.toLowerCase() ?? "";
  const ext = name === "makefile" ? "makefile" : (name.split(".").pop() ?? "");
  const language = LANGUAGE_BY_EXTENSION[ext];
  return language && refractor.registered(language) ? language : undefined;
}

// react-diff-view's tokenizer expects refractor 3's highlight (an array of nodes); refractor 5 answers a root.
const refractorAdapter = { highlight: (text: string, language: string) => refractor.highlight(text, language).children };

/** Syntax tokens for a file's hunks (plain when its language is unknown or highlighting fails). */
function tokensOf(hunks: HunkData[], path: string): HunkTokens | undefined {
  const language = languageOf(path);
  try {
    return tokenize(hunks, {
      ...(language ? { highlight: true as const, refractor: refractorAdapter, language } : { highlight: false as const }),
      enhancers: [markEdits(hunks, { type: "block" })],
    });
  } catch {
    return undefined;
  }
}

/** Why a file shows no lines: binary, a mode change only, or nothing textual. */
function noteFor(diff: string): string {
  if (/^Binary files /m.test(diff)) return "Binary file (contents not shown)";
  if (/^old mode \d+\nnew mode \d+/m.test(diff)) return "File mode changed";
  return "No textual changes";
}

function FileDiffView({ file }: { file: DiffFile }) {
  const parsed = parseDiff(file.diff, { nearbySequences: "zip" })[0];
  const hunks = parsed?.hunks ?? [];
  const modeChange = /^old mode (\d+)\nnew mode (\d+)/m.exec(file.diff);
  return (
    <section className="diffview-file" data-testid="diff-file" data-path={file.path}>
      <header className="diffview-head">
        <span className={`diffview-status diffview-${file.status}`}>{file.status}</span>
        <span className="diffview-path">{file.path}</span>
        {modeChange && hunks.length > 0 && <span className="diffview-mode">mode {modeChange[1]} → {modeChange[2]}</span>}
      </header>
      <div className="diffview-scroll">
        {parsed && hunks.length > 0 ? (
          <Diff viewType="unified" diffType={parsed.type} hunks={hunks} tokens={tokensOf(hunks, file.path)}>
            {(list) => list.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
          </Diff>
        ) : (
          <div className="diffview-note">{noteFor(file.diff)}</div>
        )}
      </div>
    </section>
  );
}

/**
 * Unified diffs of changed files with syntax highlighting (react-diff-view + refractor).
 * Everything renders as React text nodes, never as HTML, so file contents cannot inject
 * markup. Each file scrolls sideways inside itself, so long lines never widen the page.
 * Heavy: load it with `React.lazy(() => import("./diff/DiffView.js"))`.
 */
export function DiffView({ files }: { files: DiffFile[] }) {
  if (files.length === 0) return <div className="diffview-note">No files changed.</div>;
  return (
    <div className="diffview" data-testid="diff-view">
      {files.map((file) => (
        <FileDiffView key={file.path} file={file} />
      ))}
    </div>
  );
}

export default DiffView;
