import { Socket } from "node:net";
/** Whether something accepts TCP connections at the URL's host and port (one try, 1 s at most). */
export function portOpen(url, defaultPort) {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
        const socket = new Socket();
        const done = (open) => {
            socket.destroy();
            resolve(open);
        };
        socket.setTimeout(1_000, () => done(false));
        socket.once("error", () => done(false));
        socket.connect(Number(port || defaultPort), hostname.replace(/^\[|\]$/g, ""), () => done(true));
    });
}
/**
 * The cluster's services that do not answer, named with their hosts ("PostgreSQL at
 * 127.0.0.1:5432"); empty when all of them do. Without `redisUrl` only PostgreSQL is tried.
 */
export async function unreachableServices(databaseUrl, redisUrl) {
    const missing = [];
    if (!(await portOpen(databaseUrl, 5432)))
        missing.push(`PostgreSQL at ${new URL(databaseUrl).host}`);
    if (redisUrl !== undefined && !(await portOpen(redisUrl, 6379)))
        missing.push(`Redis at ${new URL(redisUrl).host}`);
    return missing;
}
//# sourceMappingURL=reachable.js.map