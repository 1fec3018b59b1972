import type pg from "pg";
/** One schema step; applied once, in order, recorded in `aiflare_migrations`. */
interface Migration {
    version: number;
    name: string;
    sql: string;
}
/** Every schema version so far. Append new ones; never edit an applied one. */
export declare const MIGRATIONS: readonly Migration[];
/** Applies the migrations not yet applied, under a transaction-scoped advisory lock. */
export declare function migrate(pool: pg.Pool): Promise<number[]>;
export {};
//# sourceMappingURL=pg-migrations.d.ts.map