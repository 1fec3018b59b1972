import { PushSubscriptionBody, PushUnsubscribeBody } from "@aiflare/protocol";
import { parseOrThrow } from "../validate.js";
/** The Notifications routes of the contract: the VAPID key, subscribe, unsubscribe. */
export function registerPushRoutes(api, push) {
    api.get("/push/vapid-public-key", () => ({ key: push.publicKey }));
    api.post("/push/subscriptions", async (request, reply) => {
        const body = parseOrThrow(PushSubscriptionBody, request.body, "push subscription");
        await push.subscribe(body);
        return reply.code(201).send({ subscribed: true });
    });
    api.delete("/push/subscriptions", async (request, reply) => {
        const { endpoint } = parseOrThrow(PushUnsubscribeBody, request.body, "push subscription");
        await push.unsubscribe(endpoint);
        return reply.code(204).send();
    });
}
//# sourceMappingURL=push-routes.js.map