/**
 * Client-side pacing shared by every resource of a service in the provider host process: the
 * engine runs all dynamic resources' RPCs concurrently in one process, so a per-resource limit
 * would still burst. A bounded number of requests in flight, spaced to `perSecond`, and a shared
 * pause when the server says to back off (so ten queued requests do not each discover the 429).
 */
export class Limiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private nextSlot = 0;
  private pausedUntil = 0;

  constructor(
    private readonly concurrency: number,
    private readonly perSecond: number,
  ) {}

  /** Runs `task` when a slot is free and the pacing allows. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.pace();
      return await task();
    } finally {
      this.release();
    }
  }

  /** Holds every later request back until `ms` from now (a 429's Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  private async pace(): Promise<void> {
    const interval = this.perSecond > 0 ? 1000 / this.perSecond : 0;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot, this.pausedUntil);
    this.nextSlot = at + interval;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
