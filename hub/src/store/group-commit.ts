import type { LogRecord, TimelinePersistence } from "./log-record.js";

/** A session's write lane, as the group commit sees it. */
export interface CommitLane {
  readonly sessionId: string;
  /** Records waiting for the next write. */
  queue: LogRecord[];
  /** A batch of this lane is being written (or compacted): the lane is not cut again until it settles. */
  writing: boolean;
}

/** What the store does around each write. None of these may throw. */
export interface CommitHooks<L extends CommitLane> {
  /** Right before a batch is cut: move whatever is ready (coalesced deltas) into `queue`. */
  gather(lane: L): void;
  /** Whether `gather` would add something now. */
  ready(lane: L): boolean;
  /** The batch is written (or failed: already reported): commit and publish it; a promise when it goes on to compact. */
  written(lane: L, batch: readonly LogRecord[]): Promise<void> | undefined;
  /** The lane has nothing left to write. */
  settled(lane: L): void;
  failed(lane: L, error: unknown): void;
  /**
   * The persistence refused the batch for good (a fenced-off cluster node): when this answers
   * true the batch is dropped instead of committed, and the lane's queue is the hook's to clear.
   */
  refused?(lane: L, error: unknown): boolean;
}

/**
 * Group commit: lanes with something to write are marked, and once per event-loop turn
 * (setImmediate, so every socket read of the turn is in) the batches of all marked lanes
 * that are not writing already are cut and handed to the persistence together — one
 * `appendMany` when it has one, else one `append` each, all at once. Each lane is published
 * as soon as its own write settles. A lane written to while its write is in flight keeps
 * gathering, and goes out in the first turn after the write settles (adaptive flush).
 */
export class GroupCommit<L extends CommitLane> {
  private dirty = new Set<L>();
  private scheduled = false;

  constructor(
    private readonly persistence: TimelinePersistence,
    private readonly hooks: CommitHooks<L>,
  ) {}

  /** The lane has something to write (queued records or ready deltas). */
  mark(lane: L): void {
    this.dirty.add(lane);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const lanes = this.dirty;
    this.dirty = new Set();
    const group: { lane: L; batch: LogRecord[] }[] = [];
    for (const lane of lanes) {
      if (lane.writing) continue; // its write's end marks it again
      this.hooks.gather(lane);
      if (lane.queue.length === 0) {
        this.hooks.settled(lane);
        continue;
      }
      group.push({ lane, batch: lane.queue });
      lane.queue = [];
      lane.writing = true;
    }
    if (group.length === 0) return;
    const many = this.persistence.appendMany?.bind(this.persistence);
    if (many && group.length > 1) {
      many(group.map(({ lane, batch }) => ({ sessionId: lane.sessionId, records: batch }))).then(
        (outcomes) => group.forEach(({ lane, batch }, i) => this.finish(lane, batch, outcomes[i] ?? { status: "rejected", reason: new Error("no outcome") })),
        (reason: unknown) => group.forEach(({ lane, batch }) => this.finish(lane, batch, { status: "rejected", reason })),
      );
      return;
    }
    for (const { lane, batch } of group) {
      this.persistence.append(lane.sessionId, batch).then(
        () => this.finish(lane, batch, { status: "fulfilled", value: undefined }),
        (reason: unknown) => this.finish(lane, batch, { status: "rejected", reason }),
      );
    }
  }

  private finish(lane: L, batch: readonly LogRecord[], outcome: PromiseSettledResult<void>): void {
    if (outcome.status === "rejected" && this.hooks.refused?.(lane, outcome.reason)) {
      lane.writing = false;
      this.hooks.settled(lane);
      return;
    }
    if (outcome.status === "rejected") this.hooks.failed(lane, outcome.reason);
    // Most batches need nothing after their commit: the lane goes on in the same step, no promise per batch.
    let after: Promise<void> | undefined;
    try {
      after = this.hooks.written(lane, batch);
    } catch (error) {
      this.hooks.failed(lane, error); // a throwing listener must not stall this lane or the rest of the group
    }
    if (!after) return this.release(lane);
    const release = () => this.release(lane);
    after.then(release, release);
  }

  private release(lane: L): void {
    lane.writing = false;
    if (lane.queue.length > 0 || this.hooks.ready(lane)) this.mark(lane);
    else this.hooks.settled(lane);
  }
}
