/** One API request as `GET /__emulator/requests` shows it. Carries no query string, header or body. */
interface LogEntry {
  readonly method: string;
  /** Path without the query string (where a credential may travel). */
  readonly path: string;
  /** Status sent; 0 when no response byte was sent (dropped connection, client gone). */
  readonly status: number;
  /** Milliseconds from arrival to the response (or the drop). */
  readonly ms: number;
  /** Name of the service that served it. */
  readonly service: string;
  /** Which injected behaviour applied, e.g. `status`, `drop-during`, `rate-limit`. */
  readonly fault?: string;
}

interface Slot {
  entry: LogEntry | undefined;
}

// Enough for the benchmarks' thousands of calls; beyond it the oldest entries go.
const MAX_ENTRIES = 100_000;

/** API requests in order of arrival; an entry appears once its response is finished. */
export class RequestLog {
  private slots: Slot[] = [];

  /** Reserves the request's place in arrival order; call the returned function when it is over. */
  begin(method: string, path: string, service: string): (status: number, fault?: string) => void {
    const started = performance.now();
    const slot: Slot = { entry: undefined };
    this.slots.push(slot);
    if (this.slots.length > MAX_ENTRIES) this.slots.splice(0, this.slots.length - MAX_ENTRIES);
    return (status, fault) => {
      if (slot.entry) return;
      const ms = Math.round(performance.now() - started);
      slot.entry = fault
        ? { method, path, status, ms, service, fault }
        : { method, path, status, ms, service };
    };
  }

  list(): LogEntry[] {
    return this.slots.flatMap((slot) => (slot.entry ? [slot.entry] : []));
  }

  clear(): void {
    this.slots = [];
  }
}
