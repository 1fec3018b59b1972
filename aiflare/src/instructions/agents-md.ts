import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { realDirInsideRoots, realpathDeep, within } from "../fs/confine.js";

/** At most this many bytes of AGENTS.md text go into a session's instructions, all files together. */
export const AGENTS_MD_MAX_BYTES = 32 * 1024;

/** One AGENTS.md file that was read. */
export interface AgentsMdFile {
  path: string;
  /** Bytes of the file (before any cut). */
  bytes: number;
}

/** The project's instructions as they go into a request. */
export interface ProjectInstructions {
  /** Outermost first: the home file, then the repository root down to the workdir. */
  files: AgentsMdFile[];
  /** The joined text, headed per file; "" when there is none. */
  text: string;
  /** Whether the cap cut some of it. */
  truncated: boolean;
}

export interface ReadAgentsMdOptions {
  workdir: string;
  /** The worker's roots: the workdir must lie inside one, and the search never leaves it. */
  roots: readonly string[];
  /** Where `.aiflare/AGENTS.md` is looked for (default: the user's home). */
  home?: string;
  maxBytes?: number;
}

/**
 * Reads the AGENTS.md chain for a workdir the way Codex does: `~/.aiflare/AGENTS.md`, then
 * every AGENTS.md from the repository root (the nearest folder at or above the workdir holding
 * `.git`; the workdir when there is none) down to the workdir, outermost first. The repository
 * search stays inside the worker root that holds the workdir. The text is capped at
 * `maxBytes` in all; what does not fit is cut, with a note saying so.
 */
export async function readAgentsMd(options: ReadAgentsMdOptions): Promise<ProjectInstructions> {
  const workdir = await realDirInsideRoots(options.workdir, options.roots);
  const roots = await Promise.all(options.roots.map((root) => realpathDeep(resolve(root))));
  const root = roots.filter((candidate) => within(candidate, workdir)).sort((a, b) => b.length - a.length)[0] ?? workdir;
  const repo = await repositoryRoot(workdir, root);
  const chain = [join(options.home ?? homedir(), ".aiflare", "AGENTS.md")];
  const below = relative(repo, workdir);
  let dir = repo;
  chain.push(join(dir, "AGENTS.md"));
  for (const part of below === "" ? [] : below.split(sep)) {
    dir = join(dir, part);
    chain.push(join(dir, "AGENTS.md"));
  }
  const found: { path: string; content: Buffer }[] = [];
  for (const path of chain) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const content = await readFile(path).catch(() => undefined);
    if (content && content.toString("utf8").trim() !== "") found.push({ path, content });
  }
  return assemble(found, options.maxBytes ?? AGENTS_MD_MAX_BYTES);
}

/** The nearest folder from `workdir` up to `limit` holding `.git`; `workdir` when none does. */
async function repositoryRoot(workdir: string, limit: string): Promise<string> {
  for (let dir = workdir; ; dir = dirname(dir)) {
    if (await stat(join(dir, ".git")).catch(() => undefined)) return dir;
    if (dir === limit || dirname(dir) === dir || !within(limit, dirname(dir))) return workdir;
  }
}

/** Joins the files under headers, cutting at `maxBytes` (on a character boundary) with a note. */
export function assemble(found: readonly { path: string; content: Buffer }[], maxBytes: number): ProjectInstructions {
  const files = found.map(({ path, content }) => ({ path, bytes: content.length }));
  if (found.length === 0) return { files, text: "", truncated: false };
  let left = maxBytes;
  const parts: string[] = [];
  const cutFrom: string[] = [];
  for (const { path, content } of found) {
    if (left <= 0) {
      cutFrom.push(path);
      continue;
    }
    const fits = content.length <= left ? content : content.subarray(0, left);
    // A cut in the middle of a UTF-8 sequence drops the broken character.
    const text = fits.toString("utf8").replace(/\uFFFD$/, "");
    left -= fits.length;
    parts.push(`--- ${path} ---\n${text.trimEnd()}`);
    if (fits.length < content.length) cutFrom.push(path);
  }
  const truncated = cutFrom.length > 0;
  const note = truncated ? `\n\n[AGENTS.md instructions cut at ${Math.round(maxBytes / 1024)} KiB; not included: the rest of ${cutFrom.join(", ")}]` : "";
  const text = `The project's AGENTS.md instructions (outer files first; inner ones take precedence):\n\n${parts.join("\n\n")}${note}`;
  return { files, text, truncated };
}
