import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../json-file.js";
const TokenFile = z.object({ browserToken: z.string().min(16).optional(), workerToken: z.string().min(16).optional() });
export function generateToken() {
    return randomBytes(24).toString("base64url");
}
/**
 * Tokens from `AIFLARE_TOKEN` / `AIFLARE_WORKER_TOKEN`, or else generated once into
 * `<dataDir>/tokens.json` (mode 0600) and reused on every later start. A cluster passes
 * `shared` instead of the file (PostgreSQL), so every node admits the same tokens.
 */
export async function resolveTokens(dataDir, env = process.env, shared) {
    const path = join(dataDir, "tokens.json");
    const envBrowser = env.AIFLARE_TOKEN?.trim() || undefined;
    const envWorker = env.AIFLARE_WORKER_TOKEN?.trim() || undefined;
    let stored = {};
    if ((!envBrowser || !envWorker) && shared) {
        const kept = TokenFile.required().safeParse(await shared({ browserToken: generateToken(), workerToken: generateToken() }));
        if (!kept.success)
            throw new Error("the cluster's stored tokens are not a token pair");
        stored = kept.data;
    }
    else if (!envBrowser || !envWorker) {
        await mkdir(dataDir, { recursive: true, mode: 0o700 });
        const parsed = TokenFile.safeParse(await readJsonFile(path));
        stored = parsed.success ? parsed.data : {};
        const next = { browserToken: stored.browserToken ?? generateToken(), workerToken: stored.workerToken ?? generateToken() };
        if (next.browserToken !== stored.browserToken || next.workerToken !== stored.workerToken) {
            await writeJsonFile(path, next);
        }
        await chmod(path, 0o600);
        stored = next;
    }
    const browserToken = envBrowser ?? stored.browserToken;
    const workerToken = envWorker ?? stored.workerToken;
    if (!browserToken || !workerToken)
        throw new Error("could not resolve tokens");
    if (tokensEqual(browserToken, workerToken)) {
        throw new Error("AIFLARE_TOKEN and AIFLARE_WORKER_TOKEN must differ, so a browser token never admits a worker");
    }
    return { browserToken, workerToken, fromDataDir: { browser: !envBrowser, worker: !envWorker } };
}
/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensEqual(given, expected) {
    if (typeof given !== "string" || given.length === 0)
        return false;
    const a = createHash("sha256").update(given).digest();
    const b = createHash("sha256").update(expected).digest();
    return timingSafeEqual(a, b);
}
/** The token from an `Authorization: Bearer <token>` header. */
export function bearerToken(header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match?.[1];
}
//# sourceMappingURL=tokens.js.map