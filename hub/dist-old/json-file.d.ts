/** Reads a JSON file; undefined when it does not exist. */
export declare function readJsonFile(path: string): Promise<unknown>;
/** Writes JSON atomically (temp file, fsync, rename), readable by the owner only. */
export declare function writeJsonFile(path: string, value: unknown): Promise<void>;
/**
 * Replaces a file's text atomically (temp file and rename), without fsync, making `folder` first
 * if it is missing. For files rewritten at every step of a turn (conversations and their
 * snapshots): like the timeline's JSONL writes, what returned survives a `kill -9` (it is in the
 * page cache), and a power loss may take back the last writes. Through the thread pool: the
 * synchronous variant measured no better in B1 (plan/benchmarks.md) and would hold the event
 * loop while a slow disk creates the file.
 */
export declare function replaceFile(folder: string, path: string, text: string): Promise<void>;
//# sourceMappingURL=json-file.d.ts.map