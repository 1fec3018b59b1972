import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppendFiles } from "../src/append-files.js";

const openFds = () => readdirSync("/proc/self/fd").length;

describe("AppendFiles", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("keeps at most maxOpen descriptors, reopening a closed file to append to it; short and long appends land whole and in order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aiflare-append-"));
    dirs.push(dir);
    const files = new AppendFiles({ folder: dir, maxOpen: 3 });
    const before = openFds();
    const paths = Array.from({ length: 8 }, (_, i) => join(dir, `f${i}.log`));
    const long = `${"y".repeat(200 * 1024)}\n`; // past the synchronous limit: written on the thread pool
    for (const round of [1, 2]) {
      for (const path of paths) await files.append(path, `${round} short\n`);
      await Promise.all(paths.slice(0, 4).map((path) => files.append(path, long))); // four in flight at once, bound 3
    }
    expect(openFds() - before).toBeLessThanOrEqual(4); // the bound, plus one that was writing when it was passed
    for (const [i, path] of paths.entries()) {
      const expected = i < 4 ? `1 short\n${long}2 short\n${long}` : "1 short\n2 short\n";
      expect(await readFile(path, "utf8")).toBe(expected);
    }
    await files.closeAll();
    expect(openFds()).toBe(before);
  });
});
