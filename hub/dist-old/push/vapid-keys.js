import { join } from "node:path";
import webpush from "web-push";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";
const StoredKeys = z.object({ publicKey: z.string().min(1), privateKey: z.string().min(1) });
/**
 * Loads `<data>/vapid.json`, or generates the pair on first start and writes it (0600). The
 * key must not change: every browser subscription is bound to it.
 */
export async function loadVapidKeys(dataDir) {
    const path = join(dataDir, "vapid.json");
    const stored = StoredKeys.safeParse(await readJsonFile(path));
    if (stored.success)
        return stored.data;
    const keys = webpush.generateVAPIDKeys();
    await writeJsonFile(path, { publicKey: keys.publicKey, privateKey: keys.privateKey });
    return keys;
}
//# sourceMappingURL=vapid-keys.js.map