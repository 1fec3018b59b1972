import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfinementError } from "../src/fs/confine.js";
import { readAgentsMd } from "../src/instructions/agents-md.js";

describe("readAgentsMd", () => {
  let dir: string;
  let home: string;
  let repo: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-agents-"));
    home = join(dir, "home");
    repo = join(dir, "repo");
    await mkdir(join(home, ".aiflare"), { recursive: true });
    await mkdir(join(repo, ".git"), { recursive: true });
    await mkdir(join(repo, "a", "b"), { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads home, then the repository root down to the workdir, outermost first", async () => {
    await writeFile(join(home, ".aiflare", "AGENTS.md"), "HOME RULE\n");
    await writeFile(join(dir, "AGENTS.md"), "ABOVE THE REPOSITORY\n");
    await writeFile(join(repo, "AGENTS.md"), "ROOT RULE\n");
    await writeFile(join(repo, "a", "b", "AGENTS.md"), "INNER RULE\n");
    const found = await readAgentsMd({ workdir: join(repo, "a", "b"), roots: [dir], home });
    expect(found.files.map((file) => file.path)).toEqual([join(home, ".aiflare", "AGENTS.md"), join(repo, "AGENTS.md"), join(repo, "a", "b", "AGENTS.md")]);
    expect(found.text.indexOf("HOME RULE")).toBeLessThan(found.text.indexOf("ROOT RULE"));
    expect(found.text.indexOf("ROOT RULE")).toBeLessThan(found.text.indexOf("INNER RULE"));
    expect(found.text).not.toContain("ABOVE THE REPOSITORY");
    expect(found.truncated).toBe(false);
  });

  it("without .git only the workdir's own file counts, and the search never leaves the worker root", async () => {
    await rm(join(repo, ".git"), { recursive: true });
    await writeFile(join(repo, "AGENTS.md"), "ROOT RULE\n");
    await writeFile(join(repo, "a", "b", "AGENTS.md"), "INNER RULE\n");
    const found = await readAgentsMd({ workdir: join(repo, "a", "b"), roots: [repo], home });
    expect(found.files.map((file) => file.path)).toEqual([join(repo, "a", "b", "AGENTS.md")]);
    await mkdir(join(dir, ".git"));
    const confined = await readAgentsMd({ workdir: join(repo, "a", "b"), roots: [join(repo, "a")], home });
    expect(confined.files.map((file) => file.path)).toEqual([join(repo, "a", "b", "AGENTS.md")]);
  });

  it("caps the text at 32 KiB in all and says what was cut", async () => {
    await writeFile(join(repo, "AGENTS.md"), `${"x".repeat(30 * 1024)}\n`);
    await writeFile(join(repo, "a", "AGENTS.md"), `${"é".repeat(4 * 1024)}\n`);
    await writeFile(join(repo, "a", "b", "AGENTS.md"), "NEVER SEEN\n");
    const found = await readAgentsMd({ workdir: join(repo, "a", "b"), roots: [dir], home });
    expect(found.truncated).toBe(true);
    expect(found.files).toHaveLength(3);
    expect(found.text).not.toContain("NEVER SEEN");
    expect(found.text).not.toContain("\uFFFD");
    expect(found.text).toMatch(/cut at 32 KiB; not included: the rest of .*a\/AGENTS\.md, .*b\/AGENTS\.md\]$/);
    const body = found.text.replace(/--- [^\n]+ ---\n/g, "").replace(/\n\n\[AGENTS\.md[^\]]+\]$/, "");
    expect(Buffer.byteLength(body.replace(/^The project's[^\n]+\n\n/, "").replace(/\n\n/g, ""))).toBeLessThanOrEqual(32 * 1024);
  });

  it("refuses a workdir outside the roots", async () => {
    await expect(readAgentsMd({ workdir: join(repo, "a"), roots: [home], home })).rejects.toBeInstanceOf(ConfinementError);
  });
});
