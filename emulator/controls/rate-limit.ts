/** Per-credential request rate limit over a sliding one-second window. */
export class RateLimiter {
  private perSecond: number | undefined;
  private readonly windows = new Map<string, number[]>();

  /** Sets the limit (`null` = off). Starting over forgets earlier traffic. */
  set(limit: { perSecond: number } | null): void {
    this.perSecond = limit?.perSecond;
    this.windows.clear();
  }

  /** The current setting, as the control API shows it. */
  setting(): { perSecond: number } | null {
    return this.perSecond === undefined ? null : { perSecond: this.perSecond };
  }

  /**
   * Counts one request for `credential`. Returns `undefined` when it is allowed, else the seconds
   * until the window has room again (for `Retry-After`). Refused requests do not count.
   */
  check(credential: string, nowMs: number): number | undefined {
    if (this.perSecond === undefined) return undefined;
    const recent = (this.windows.get(credential) ?? []).filter((t) => t > nowMs - 1000);
    this.windows.set(credential, recent);
    const oldest = recent[0];
    if (recent.length < this.perSecond || oldest === undefined) {
      recent.push(nowMs);
      return undefined;
    }
    return Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000));
  }
}
