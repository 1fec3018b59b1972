/** A browser's push subscription as the hub keeps it. */
export interface StoredSubscription {
    endpoint: string;
    keys: {
        p256dh: string;
        auth: string;
    };
    createdAt: string;
}
/** Where subscriptions live when several hub nodes share them (cluster: PostgreSQL). */
export interface SubscriptionBacking {
    readAll(): Promise<StoredSubscription[]>;
    put(sub: StoredSubscription): Promise<void>;
    /** False when it was not there. */
    remove(endpoint: string): Promise<boolean>;
}
/**
 * Push subscriptions by endpoint, saved to `<data>/push-subscriptions.json` after each change
 * (writes in order), or kept in a shared backing that every node reads before it sends.
 */
export declare class SubscriptionStore {
    private readonly options;
    private readonly byEndpoint;
    private readonly path;
    private saving;
    constructor(options: {
        dataDir: string;
        backing?: SubscriptionBacking;
    });
    load(): Promise<void>;
    /** The subscriptions as last read or changed here. */
    list(): StoredSubscription[];
    /** The subscriptions now: a shared backing is read again (another node may have changed it). */
    current(): Promise<StoredSubscription[]>;
    /** Adds or replaces (same endpoint, new keys) a subscription. */
    add(sub: Omit<StoredSubscription, "createdAt">): Promise<void>;
    /** Removes a subscription; resolves false when it was not there. */
    remove(endpoint: string): Promise<boolean>;
    /** Resolves once every change so far is on disk. */
    saved(): Promise<void>;
    private save;
}
//# sourceMappingURL=subscriptions.d.ts.map