import { type FastifyInstance } from "fastify";
import type { AuthFailureLimiter } from "../auth/auth-failures.js";
import type { Logger } from "../logger.js";
import { type ApiDeps } from "./routes.js";
export interface HttpAppOptions extends ApiDeps {
    logger: Logger;
    browserToken: string;
    /** Largest accepted request body in bytes. */
    bodyLimit: number;
    /** Built web UI to serve at `/`, when present. */
    webDir?: string;
    authFailures: AuthFailureLimiter;
}
/** The HTTP side of the hub: REST under `/api`, the web UI at `/`. */
export declare function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance>;
//# sourceMappingURL=app.d.ts.map