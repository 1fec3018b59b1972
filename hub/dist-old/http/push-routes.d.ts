import type { FastifyInstance } from "fastify";
import type { PushService } from "../push/push-service.js";
/** The Notifications routes of the contract: the VAPID key, subscribe, unsubscribe. */
export declare function registerPushRoutes(api: FastifyInstance, push: PushService): void;
//# sourceMappingURL=push-routes.d.ts.map