/**
 * Fires when nothing happened for `ms`: the SDK's own timeout ends when the headers arrive, so a
 * stream that goes silent afterwards would hang until the socket's body timeout (~300 s on
 * Node). `touch()` on every event; `signal` aborts the request when the timer fires.
 */
export class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly ms: number) {
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Restarts the countdown; `refresh()` keeps the one timer, so a touch per model event stays cheap. */
  touch(): void {
    if (this.stopped) return;
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => this.controller.abort(new Error(`no data from the model for ${Math.round(this.ms / 1000)}s`)), this.ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
