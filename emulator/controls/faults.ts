import { isPlainObject } from "../http/body";

/** Where a dropped connection breaks: before any byte, after headers and part of the body, or after processing. */
export type DropMode = "before" | "during" | "after";

/** One injected misbehaviour, applied to the next matching API request(s). */
export interface Fault {
  /** Answer with this status without processing the request. */
  readonly status?: number;
  /** `Retry-After` value in seconds sent with `status`. */
  readonly retryAfter?: number;
  /** Send `Retry-After` as an HTTP-date instead of seconds. */
  readonly retryAfterDate?: boolean;
  /** Wait this long first, then carry on (with `status`/`drop` if also given, else normally). */
  readonly delayMs?: number;
  readonly drop?: DropMode;
  /** Only requests whose path (without query) contains this substring. */
  readonly path?: string;
  /** Only requests with this method (case-insensitive). */
  readonly method?: string;
}

interface QueuedFault extends Fault {
  remaining: number;
}

/** Faults in the order they were queued; each request consumes one use of the first fault that matches it. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault, count: number): void {
    this.queue.push({ ...fault, remaining: count });
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex((fault) => matches(fault, method, path));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    const { remaining: _, ...applied } = fault;
    return applied;
  }

  /** The queue as the control API shows it (`count` = uses left). */
  list(): Array<Fault & { count: number }> {
    return this.queue.map(({ remaining, ...fault }) => ({ ...fault, count: remaining }));
  }

  clear(): void {
    this.queue = [];
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  return fault.path === undefined || path.includes(fault.path);
}

/** Short marker for the request log, e.g. `status`, `drop-during`, `delay+status`. */
export function faultLabel(fault: Fault): string {
  const parts: string[] = [];
  if (fault.delayMs !== undefined) parts.push("delay");
  if (fault.status !== undefined) parts.push("status");
  if (fault.drop !== undefined) parts.push(`drop-${fault.drop}`);
  return parts.join("+");
}

/** The `Retry-After` header value for a status fault, if it asks for one. */
export function retryAfterValue(fault: Fault, nowMs: number): string | undefined {
  if (fault.retryAfter === undefined) return undefined;
  if (!fault.retryAfterDate) return String(fault.retryAfter);
  // HTTP-dates have whole-second resolution: round up so the client never waits less than asked.
  return new Date(Math.ceil((nowMs + fault.retryAfter * 1000) / 1000) * 1000).toUTCString();
}

/** A parsed `POST /__emulator/faults` body. */
export interface FaultRequest {
  readonly fault?: { readonly fault: Fault; readonly count: number };
  /** `null` turns the rate limit off; absent leaves it as it is. */
  readonly rateLimit?: { readonly perSecond: number } | null;
}

const KEYS = new Set([
  "status",
  "count",
  "retryAfter",
  "retryAfterDate",
  "delayMs",
  "drop",
  "path",
  "method",
  "rateLimit",
]);

/**
 * Validates a fault request strictly (unknown keys are refused) so that a typo in a test fails loudly
 * instead of injecting nothing.
 */
export function parseFaultRequest(body: unknown): FaultRequest | { error: string } {
  if (!isPlainObject(body)) return { error: "body must be a JSON object" };
  const unknown = Object.keys(body).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) return { error: `unknown field(s): ${unknown.join(", ")}` };
  const { status, count, retryAfter, retryAfterDate, delayMs, drop, path, method } = body;
  if (status !== undefined && !isIntIn(status, 400, 599))
    return { error: "status must be an integer 400..599" };
  if (count !== undefined && !isIntIn(count, 1, 1_000_000))
    return { error: "count must be a positive integer" };
  if (retryAfter !== undefined && !isIntIn(retryAfter, 0, 86_400)) {
    return { error: "retryAfter must be an integer number of seconds (0..86400)" };
  }
  if (retryAfterDate !== undefined && typeof retryAfterDate !== "boolean") {
    return { error: "retryAfterDate must be a boolean" };
  }
  if (delayMs !== undefined && !isIntIn(delayMs, 0, 600_000))
    return { error: "delayMs must be an integer 0..600000" };
  if (drop !== undefined && drop !== "before" && drop !== "during" && drop !== "after") {
    return { error: 'drop must be "before", "during" or "after"' };
  }
  if (path !== undefined && typeof path !== "string") return { error: "path must be a string" };
  if (method !== undefined && typeof method !== "string") return { error: "method must be a string" };
  if (status !== undefined && drop !== undefined) return { error: "status and drop cannot be combined" };
  if ((retryAfter !== undefined || retryAfterDate !== undefined) && status === undefined) {
    return { error: "retryAfter needs a status" };
  }

  const rateLimit = parseRateLimit(body);
  if (rateLimit !== undefined && "error" in rateLimit) return rateLimit;
  const injects = status !== undefined || delayMs !== undefined || drop !== undefined;
  if (!injects && rateLimit === undefined)
    return { error: "nothing to inject: give status, delayMs, drop or rateLimit" };
  if (!injects && (count !== undefined || path !== undefined || method !== undefined)) {
    return { error: "count, path and method apply to status, delayMs or drop faults" };
  }

  const result: { fault?: FaultRequest["fault"]; rateLimit?: FaultRequest["rateLimit"] } = {};
  if (rateLimit !== undefined) result.rateLimit = rateLimit.value;
  if (injects) {
    const fault: Fault = {
      ...(status !== undefined && { status: status as number }),
      ...(retryAfter !== undefined && { retryAfter: retryAfter as number }),
      ...(retryAfterDate === true && { retryAfterDate: true }),
      ...(delayMs !== undefined && { delayMs: delayMs as number }),
      ...(drop !== undefined && { drop: drop as DropMode }),
      ...(path !== undefined && { path: path as string }),
      ...(method !== undefined && { method: method as string }),
    };
    result.fault = { fault, count: (count as number | undefined) ?? 1 };
  }
  return result;
}

function parseRateLimit(
  body: Record<string, unknown>,
): { value: { perSecond: number } | null } | { error: string } | undefined {
  if (!Object.hasOwn(body, "rateLimit")) return undefined;
  const { rateLimit } = body;
  if (rateLimit === null) return { value: null };
  if (!isPlainObject(rateLimit) || !isIntIn(rateLimit.perSecond, 1, 1_000_000)) {
    return { error: "rateLimit must be null or {perSecond: positive integer}" };
  }
  return { value: { perSecond: rateLimit.perSecond as number } };
}

function isIntIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
