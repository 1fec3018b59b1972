import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AttachmentStore } from "../src/attachments/attachment-store.js";
import type { DecodedImage } from "../src/attachments/image-check.js";

describe("AttachmentStore", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "aiflare-att-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("stores a prompt's images all or none: a failing write removes the ones already written", async () => {
    const store = new AttachmentStore({ dataDir: dir });
    const good: DecodedImage = { mediaType: "image/png", bytes: Buffer.from("png bytes"), data: "cG5n" };
    const broken = {
      mediaType: "image/gif",
      data: "R0lG",
      get bytes(): Buffer {
        throw new Error("disk full");
      },
    } as DecodedImage;
    await expect(store.save("s1", [good, good, broken])).rejects.toThrow("disk full");
    expect(await readdir(join(dir, "attachments", "s1"))).toEqual([]);

    const [stored] = await store.save("s1", [good]);
    const name = stored!.ref.url.split("/").at(-1)!;
    expect(stored!.ref.url).toBe(`/api/sessions/s1/attachments/${name}`);
    expect(await store.find("s1", name)).toMatchObject({ mediaType: "image/png", size: good.bytes.length });
    await expect(store.find("s2", name)).rejects.toThrow("no attachment");
    await expect(store.find("s1", "../vapid.json")).rejects.toThrow("no attachment");
  });
});
