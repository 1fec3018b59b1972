import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computePatch } from "../src/patch/apply.js";
import { applyPatchInDir } from "../src/patch/apply-to-fs.js";
import { parsePatch, PatchError } from "../src/patch/parse.js";

const patch = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch"].join("\n");

describe("apply_patch (pure)", () => {
  const files = (entries: Record<string, string>) => (path: string) => entries[path];

  it("parses every hunk kind", () => {
    const hunks = parsePatch(
      patch("*** Add File: a.txt", "+one", "+two", "*** Delete File: b.txt", "*** Update File: c.txt", "*** Move to: d.txt", "@@ def f():", "-    return 1", "+    return 2", "*** End of File"),
    );
    expect(hunks).toEqual([
      { kind: "add", path: "a.txt", contents: "one\ntwo\n" },
      { kind: "delete", path: "b.txt" },
      { kind: "update", path: "c.txt", moveTo: "d.txt", chunks: [{ context: "def f():", oldLines: ["    return 1"], newLines: ["    return 2"], contextOf: [-1], endOfFile: true }] },
    ]);
  });

  it("refuses malformed patches with the line that is wrong", () => {
    expect(() => parsePatch("*** Update File: x")).toThrow(/must start with/);
    expect(() => parsePatch(patch("*** Frobnicate: x"))).toThrow(/line 2: expected "\*\*\* Add File:"/);
    expect(() => parsePatch(patch("*** Update File: x", "@@", "?bad"))).toThrow(/line 4: a chunk line must start with/);
    expect(() => parsePatch(patch())).toThrow(/changes no file/);
  });

  it("updates with several chunks, using @@ context to place them", () => {
    const source = ["def a():", "    return 1", "", "def b():", "    return 1", ""].join("\n");
    const [change] = computePatch(patch("*** Update File: m.py", "@@ def a():", "-    return 1", "+    return 10", "@@ def b():", "-    return 1", "+    return 20"), files({ "m.py": source }));
    expect(change).toEqual({ kind: "update", path: "m.py", content: ["def a():", "    return 10", "", "def b():", "    return 20", ""].join("\n") });
  });

  it("matches through trailing whitespace, indentation and Unicode punctuation", () => {
    const source = "const a = 1;   \n  const msg = \"a - b\";\nend\n";
    const [change] = computePatch(
      patch("*** Update File: x.js", "@@", " const a = 1;", "-const msg = \u201Ca \u2014 b\u201D;", "+  const msg = \"a + b\";"),
      files({ "x.js": source }),
    );
    expect(change).toMatchObject({ content: "const a = 1;   \n  const msg = \"a + b\";\nend\n" });
  });

  it("keeps CRLF line endings", () => {
    const [change] = computePatch(patch("*** Update File: w.txt", "@@", " one", "-two", "+zwei"), files({ "w.txt": "one\r\ntwo\r\nthree\r\n" }));
    expect(change).toMatchObject({ content: "one\r\nzwei\r\nthree\r\n" });
  });

  it("anchors an End of File chunk at the end", () => {
    const [change] = computePatch(patch("*** Update File: r.txt", "@@", " x", "+tail", "*** End of File"), files({ "r.txt": "x\ny\nx\n" }));
    expect(change).toMatchObject({ content: "x\ny\nx\ntail\n" });
  });

  it("says exactly which lines were not found", () => {
    expect(() => computePatch(patch("*** Update File: f.txt", "@@", " alpha", "-beta", "+gamma"), files({ "f.txt": "alpha\ndelta\n" }))).toThrow(
      new PatchError("f.txt: chunk 1: these lines were not found:\nalpha\nbeta"),
    );
  });
});

describe("apply_patch on disk", () => {
  let root: string;
  let work: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "aiflare-patch-"));
    work = join(root, "work");
    await mkdir(join(work, "src"), { recursive: true });
    await writeFile(join(work, "src/app.ts"), "export const a = 1;\nexport const b = 2;\n");
    await writeFile(join(work, "old.txt"), "bye\n");
    await writeFile(join(root, "secret.txt"), "top secret\n");
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it("adds, updates, moves and deletes, and reports A/M/D", async () => {
    const outcome = await applyPatchInDir(
      patch(
        "*** Add File: docs/new.md",
        "+# New",
        "*** Update File: src/app.ts",
        "*** Move to: src/main.ts",
        "@@",
        "-export const b = 2;",
        "+export const b = 3;",
        "*** Delete File: old.txt",
      ),
      work,
    );
    expect(outcome.summary).toBe("Success. Updated the following files:\nA docs/new.md\nM src/main.ts (moved from src/app.ts)\nD old.txt\n");
    expect(await readFile(join(work, "docs/new.md"), "utf8")).toBe("# New\n");
    expect(await readFile(join(work, "src/main.ts"), "utf8")).toBe("export const a = 1;\nexport const b = 3;\n");
    expect((await readdir(work)).sort()).toEqual(["docs", "src"]);
    expect(await readdir(join(work, "src"))).toEqual(["main.ts"]);
  });

  it("changes nothing when any part fails", async () => {
    await expect(
      applyPatchInDir(patch("*** Add File: created.txt", "+x", "*** Update File: src/app.ts", "@@", "-no such line", "+y"), work),
    ).rejects.toThrow(/not found/);
    expect((await readdir(work)).sort()).toEqual(["old.txt", "src"]);
    expect(await readFile(join(work, "src/app.ts"), "utf8")).toBe("export const a = 1;\nexport const b = 2;\n");
  });

  it("refuses absolute paths, .. and symlink escapes", async () => {
    await symlink(root, join(work, "escape"));
    await symlink(join(root, "secret.txt"), join(work, "link.txt"));
    for (const bad of [
      patch("*** Add File: /tmp/evil.txt", "+x"),
      patch("*** Add File: ../evil.txt", "+x"),
      patch("*** Add File: src/../../evil.txt", "+x"),
      patch("*** Add File: escape/evil.txt", "+x"),
      patch("*** Update File: link.txt", "@@", "-top secret", "+pwned"),
      patch("*** Delete File: escape/secret.txt"),
    ]) {
      await expect(applyPatchInDir(bad, work), bad).rejects.toThrow(/absolute paths are not allowed|leaves the working directory|symlink leads outside/);
    }
    expect(await readFile(join(root, "secret.txt"), "utf8")).toBe("top secret\n");
    expect((await readdir(root)).sort()).toEqual(["secret.txt", "work"]);
  });
});
