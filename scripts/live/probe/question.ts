import { randomBytes } from "node:crypto";
import { type Exchange, LiveHttp } from "../http";
import type { Target } from "../target";

/** Every value the probe plants (storage keys, stream keys, webhook headers) starts with this. */
export const PLANTED_MARKER = "pvr-planted-secret-";

/** Thrown by an ask that cannot run against this target; reported as "not asked: <why>". */
export class NotAsked extends Error {
  override readonly name = "NotAsked";
}

/** One open question of a reference, as `hms §14.8` names it, and how to ask it. */
export interface Question<C> {
  id: string;
  text: string;
  /** Performs its exchanges on its own rooms and returns what it observed, as one line. */
  ask?: (ctx: C) => Promise<string>;
  /** Why it is never asked, for a question that cannot be asked safely. */
  notAsked?: string;
}

/**
 * What one question works with: its own client (so its exchanges are its own), room names under
 * its own prefix, and planted secrets that are scrubbed from everything it records.
 */
export abstract class ProbeContext<T extends Target = Target> {
  readonly http: LiveHttp;
  readonly planted: string[] = [];
  /** What addresses each room made and not yet removed (100ms: its id; Metered: its name now). */
  protected readonly made = new Set<string>();
  private names = 0;

  constructor(
    readonly target: T,
    /** The run's prefix plus the question's own part: no two questions share a room. */
    readonly prefix: string,
  ) {
    this.http = new LiveHttp(target);
  }

  /** A fresh room name under the question's prefix; `label` says what the room is for. */
  name(label = "room"): string {
    this.names += 1;
    return `${this.prefix}${label}-${this.names}`;
  }

  /** A secret-like value made for this run, which the recording must never hold. */
  plant(): string {
    const value = `${PLANTED_MARKER}${randomBytes(8).toString("hex")}`;
    this.planted.push(value);
    return value;
  }

  /** Creates a room (named under the question's prefix unless the body names it); keeps it for cleanup. */
  async create(body: Record<string, unknown> = {}): Promise<Exchange> {
    const { name, key } = this.fields;
    const exchange = await this.post({ [name]: this.name(), ...body });
    const made = bodyOf(exchange)[key];
    if (ok(exchange) && typeof made === "string") this.made.add(made);
    return exchange;
  }

  /** Creates a room that must be made, returning its answer. */
  async room(body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const exchange = await this.create(body);
    if (!ok(exchange)) throw new Error(`create answered ${said(exchange)}`);
    return bodyOf(exchange);
  }

  get exchanges(): Exchange[] {
    return this.http.exchanges;
  }

  /** The service's field for a room's name, and the one that addresses it afterwards. */
  protected abstract readonly fields: { name: string; key: string };

  /** Sends a create through the prefix guard. */
  protected abstract post(body: Record<string, unknown>): Promise<Exchange>;

  /** Removes (100ms: disables) the room `key` addresses. */
  protected abstract remove(key: string): Promise<Exchange>;

  /** Whether the room `key` addresses still answers a read (one a question deleted does not). */
  protected abstract exists(key: string): Promise<boolean>;

  /** Removes every room the question made; returns one line per room still there. */
  async cleanup(): Promise<string[]> {
    const left: string[] = [];
    for (const key of [...this.made]) {
      const removed = await this.remove(key).catch((err: Error) => err);
      if (!(removed instanceof Error) && ok(removed)) continue;
      if (!(await this.exists(key).catch(() => true))) continue;
      left.push(
        `${this.target.service} room ${key}: ${removed instanceof Error ? removed.message : said(removed)}`,
      );
    }
    return left;
  }
}

type Body = Record<string, unknown>;

/** The answer's JSON object, or an empty one for anything else. */
export function bodyOf(exchange: Exchange): Body {
  const { response } = exchange;
  return response !== null && typeof response === "object" && !Array.isArray(response)
    ? (response as Body)
    : {};
}

export function ok(exchange: Exchange): boolean {
  return exchange.status >= 200 && exchange.status < 300;
}

/** `HTTP 200`, or `HTTP 400 "what the API said"`: how answers quote a status. */
export function said(exchange: Exchange): string {
  if (ok(exchange)) return `HTTP ${exchange.status}`;
  const body = bodyOf(exchange);
  const details = Array.isArray(body.details) ? body.details.join("; ") : undefined;
  const words = details || body.message || (typeof exchange.response === "string" ? exchange.response : "");
  return `HTTP ${exchange.status} ${JSON.stringify(String(words).slice(0, 120))}`;
}

/** A value as an answer quotes it: JSON, `missing` for undefined. */
export function show(value: unknown): string {
  return value === undefined ? "missing" : JSON.stringify(value);
}
