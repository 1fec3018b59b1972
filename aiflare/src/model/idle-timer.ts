/**
 * Fires when nothing happened for `ms`: the SDK's own timeout ends when the headers arrive, so a
 * stream that goes silent afterwards would hang until the socket's body timeout (~300 s on
 * Node). `touch()` on every event; `signal` aborts the request when the timer fires.
 */
export class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error(`no data from the model for ${Math.round(this.ms / 1000)}s`)), this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
