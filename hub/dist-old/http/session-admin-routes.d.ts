import type { FastifyInstance } from "fastify";
import type { SessionAdmin } from "../session-admin/session-admin.js";
import type { SessionStore } from "../store/session-store.js";
/** PATCH / DELETE a session and export it (the listing with `q` and `archived` stays in routes.ts). */
export declare function registerSessionAdminRoutes(api: FastifyInstance, deps: {
    store: SessionStore;
    sessionAdmin: SessionAdmin;
}): void;
//# sourceMappingURL=session-admin-routes.d.ts.map