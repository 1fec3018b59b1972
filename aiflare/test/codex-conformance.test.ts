import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { applyPatchInDir } from "../src/patch/apply-to-fs.js";

const SCENARIOS = fileURLToPath(new URL("./fixtures/codex-apply-patch/", import.meta.url));
/** Where this project refuses on purpose (all-or-nothing, no silent overwrite): the tree must stay as it was. */
const REFUSED = new Set(["010_move_overwrites_existing_destination", "011_add_overwrites_existing_file", "015_failure_after_partial_success_leaves_changes"]);

/** Every file and folder under `root`: relative path -> "dir" or the file's bytes (hex). */
async function snapshot(root: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  if (!existsSync(root)) return tree;
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        tree[`${rel}/`] = "dir";
        await walk(join(dir, entry.name), rel);
      } else {
        tree[rel] = (await readFile(join(dir, entry.name))).toString("hex");
      }
    }
  };
  await walk(root, "");
  return tree;
}

const scenarios = (await readdir(SCENARIOS, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("Codex apply_patch conformance scenarios", () => {
  it("finds the vendored scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(22);
  });

  for (const name of scenarios) {
    it(name, async () => {
      const dir = join(SCENARIOS, name);
      const work = await mkdtemp(join(tmpdir(), "aiflare-codex-"));
      temps.push(work);
      if (existsSync(join(dir, "input"))) await cp(join(dir, "input"), work, { recursive: true });
      const before = await snapshot(work);
      const patch = await readFile(join(dir, "patch.txt"), "utf8");
      let failure: Error | undefined;
      try {
        await applyPatchInDir(patch, work);
      } catch (error) {
        failure = error as Error;
      }
      const after = await snapshot(work);
      if (failure) {
        // A refused patch says so, and leaves nothing half-done.
        expect(failure.message).toMatch(/no file was changed\.?$/);
        expect(after).toEqual(before);
      }
      if (name === "012_delete_directory_fails") expect(failure?.message).toMatch(/^cannot delete dir: it is a directory\n/);
      if (REFUSED.has(name)) {
        expect(failure, "this project refuses this patch").toBeDefined();
        expect(after).toEqual(before);
      } else {
        expect(after).toEqual(await snapshot(join(dir, "expected")));
      }
    });
  }
});
