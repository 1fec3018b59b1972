// The benchmark model server in its own process (so the measuring process only runs clients,
// as in the baseline). Args: tokens, intervalMs.
import { TokenModelServer } from "./token-model-server.js";

const server = await TokenModelServer.start({ tokens: Number(process.argv[2] ?? 400), intervalMs: Number(process.argv[3] ?? 2) });
process.stdout.write(`model listening on ${server.baseURL}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
