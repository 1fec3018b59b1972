/** Whether something accepts TCP connections at the URL's host and port (one try, 1 s at most). */
export declare function portOpen(url: string, defaultPort: number): Promise<boolean>;
/**
 * The cluster's services that do not answer, named with their hosts ("PostgreSQL at
 * 127.0.0.1:5432"); empty when all of them do. Without `redisUrl` only PostgreSQL is tried.
 */
export declare function unreachableServices(databaseUrl: string, redisUrl?: string): Promise<string[]>;
//# sourceMappingURL=reachable.d.ts.map