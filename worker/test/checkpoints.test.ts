import { mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Checkpoints } from "../src/checkpoints/checkpoints.js";
import { splitPatch } from "../src/checkpoints/split-patch.js";

describe("worker checkpoints (shadow git repository)", () => {
  let dir: string;
  let work: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-cpw-"));
    work = join(dir, "work");
    await mkdir(work);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const end = async (checkpoints: Checkpoints, turnId: string) => {
    const ack = await checkpoints.handle({ op: "end", sessionId: "s", workdir: work, turnId });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.changes;
  };

  it("honours .gitignore, keeps symlinks, and never snapshots its own folder inside the workdir", async () => {
    await writeFile(join(work, ".gitignore"), "*.log\nbuild/\n");
    await writeFile(join(work, "target.txt"), "t\n");
    // The state folder inside the workdir (a worker rooted at the home folder).
    const checkpoints = await Checkpoints.create({ dir: join(work, ".state", "checkpoints"), roots: [dir] });
    expect(checkpoints.offReason).toBeUndefined();
    await checkpoints.beforeChange(work, "t1");
    await writeFile(join(work, "noise.log"), "ignored\n");
    await mkdir(join(work, "build"));
    await writeFile(join(work, "build", "out.js"), "ignored\n");
    await symlink("target.txt", join(work, "link"));
    await writeFile(join(work, "target.txt"), "changed\n");
    expect(await end(checkpoints, "t1")).toEqual([
      { path: "link", status: "added" },
      { path: "target.txt", status: "modified" },
    ]);
    const diff = await checkpoints.handle({ op: "diff", sessionId: "s", workdir: work, turnId: "t1" });
    expect(diff.ok && diff.files?.map((f) => f.path)).toEqual(["link", "target.txt"]);

    // A second turn deletes the symlink target's content and the link; undo both turns.
    await checkpoints.beforeChange(work, "t2");
    await rm(join(work, "link"));
    await writeFile(join(work, "target.txt"), "again\n");
    await end(checkpoints, "t2");
    await rm(join(work, "target.txt"));
    await checkpoints.beforeChange(work, "t3");
    await symlink("elsewhere", join(work, "link"));
    await end(checkpoints, "t3");
    // target.txt was removed between t2 and t3 by someone else: a conflict.
    const refused = await checkpoints.handle({ op: "revert", sessionId: "s", workdir: work, turnIds: ["t2", "t3"], force: false });
    expect(refused).toEqual({ ok: true, conflicts: ["target.txt"] });
    const forced = await checkpoints.handle({ op: "revert", sessionId: "s", workdir: work, turnIds: ["t1", "t2", "t3"], force: true });
    expect(forced.ok).toBe(true);
    expect(await readFile(join(work, "target.txt"), "utf8")).toBe("t\n");
    expect((await readdir(work)).sort()).toEqual([".gitignore", ".state", "build", "noise.log", "target.txt"]);
    await checkpoints.beforeChange(work, "t4");
    expect(await end(checkpoints, "t4")).toEqual([]);
  });

  it("restores a symlink a turn replaced, and refuses workdirs outside its roots", async () => {
    await symlink("a", join(work, "l"));
    const checkpoints = await Checkpoints.create({ dir: join(dir, "state"), roots: [work] });
    await checkpoints.beforeChange(work, "t1");
    await rm(join(work, "l"));
    await writeFile(join(work, "l"), "now a file\n");
    expect(await end(checkpoints, "t1")).toEqual([{ path: "l", status: "modified" }]);
    await checkpoints.handle({ op: "revert", sessionId: "s", workdir: work, turnIds: ["t1"], force: false });
    expect(await readlink(join(work, "l"))).toBe("a");
    const outside = await checkpoints.handle({ op: "end", sessionId: "s", workdir: dir, turnId: "t9" });
    expect(outside.ok).toBe(false);
  });

  it("splits a patch per file and cuts huge ones", () => {
    const patch = "diff --git a/a b/a\nindex 1..2\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/b b/b\nnew file mode 100644\n";
    expect(
      splitPatch(
        [
          { path: "a", status: "modified" },
          { path: "b", status: "added" },
        ],
        patch,
      ).map((f) => f.diff.split("\n")[0]),
    ).toEqual(["diff --git a/a b/a", "diff --git a/b b/b"]);
    const huge = splitPatch([{ path: "h", status: "added" }], `diff --git a/h b/h\n${"+line\n".repeat(60_000)}`)[0]!;
    expect(huge.diff.length).toBeLessThan(270 * 1024);
    expect(huge.diff).toMatch(/diff cut: \d+ more characters/);
  });
});
