/** The hub's VAPID key pair (base64url), made once and kept in the data dir. */
export interface VapidKeys {
    publicKey: string;
    privateKey: string;
}
/**
 * Loads `<data>/vapid.json`, or generates the pair on first start and writes it (0600). The
 * key must not change: every browser subscription is bound to it.
 */
export declare function loadVapidKeys(dataDir: string): Promise<VapidKeys>;
//# sourceMappingURL=vapid-keys.d.ts.map