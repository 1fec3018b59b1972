import type pg from "pg";
import type { ConversationBacking } from "../agent/conversation-store.js";
import type { AttachmentBacking } from "../attachments/attachment-store.js";
import type { SharedTokens } from "../auth/tokens.js";
import type { SnapshotBacking } from "../checkpoints/conversation-snapshots.js";
import type { VapidKeys } from "../push/vapid-keys.js";
import type { SubscriptionBacking } from "../push/subscriptions.js";
import type { ActiveSessionBacking } from "../registry/active-sessions.js";
/**
 * What a single hub keeps in its data dir, shared by every node in PostgreSQL: model
 * conversations and their per-turn snapshots, prompt images, active-session contexts, push subscriptions, and in `documents` the VAPID
 * key pair and generated tokens. `changed` tells the other nodes a store changed (set once the bus exists).
 */
export declare class PgSharedState {
    private readonly pool;
    private readonly nodeId;
    /** Called after a committed change of the contexts (the bus tells the other nodes). */
    changed: (store: "contexts") => void;
    constructor(pool: pg.Pool, nodeId: string);
    readonly conversations: ConversationBacking;
    readonly snapshots: SnapshotBacking;
    readonly attachments: AttachmentBacking;
    readonly activeSessions: ActiveSessionBacking;
    readonly subscriptions: SubscriptionBacking;
    /** The cluster's VAPID key pair: the first node to start makes it; every node signs with the same one. */
    vapidKeys(): Promise<VapidKeys>;
    /** Generated tokens (those not given in the environment), the same on every node. */
    readonly tokens: SharedTokens;
    /** A `documents` value every node agrees on: the first proposal stored wins, later ones read it. */
    private agree;
}
//# sourceMappingURL=pg-shared-state.d.ts.map