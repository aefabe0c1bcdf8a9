import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { HmsRoomArgs, MeteredRoomArgs } from "../../provider/index";
import type { LoggedRequest, TestEmulator } from "./emulator";
import { loadPackage, REPO_ROOT } from "./engine";
import { secretHits } from "./secrets";

/** The rooms a program declares, by logical name; tests edit it between operations. */
export interface Declared {
  hms: Record<string, HmsRoomArgs>;
  metered: Record<string, MeteredRoomArgs>;
}

/**
 * An inline program declaring `decl`'s rooms (read when the program runs, so a test edits `decl`
 * between operations). Exports `hms:<logical>` / `metered:<logical>` = `{id, name}` per room.
 */
export function roomsProgram(decl: Declared): PulumiFn {
  return async () => {
    const { HmsRoom, MeteredRoom } = loadPackage();
    const out: Record<string, unknown> = {};
    for (const [logical, args] of Object.entries(decl.hms)) {
      const room = new HmsRoom(logical, args);
      out[`hms:${logical}`] = { id: room.roomId, name: room.name };
    }
    for (const [logical, args] of Object.entries(decl.metered)) {
      const room = new MeteredRoom(logical, args);
      out[`metered:${logical}`] = { id: room.roomId, name: room.roomName };
    }
    return out;
  };
}

/** The message of the error `op` must end with; fails the test if `op` succeeds. */
export async function failureOf(op: Promise<unknown>): Promise<string> {
  try {
    await op;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected the operation to fail, but it succeeded");
}

/** The message an operation failed with, or undefined when it succeeded. */
export async function outcomeOf(op: Promise<unknown>): Promise<string | undefined> {
  return op.then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
}

/** Runs `op` and returns its result with the wall time it took. */
export async function timed<T>(op: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await op();
  return { value, ms: Math.round(performance.now() - started) };
}

/** Requests of one service and method whose path matches. */
export function only(
  log: readonly LoggedRequest[],
  method: string,
  path: RegExp,
  service?: "hms" | "metered",
): LoggedRequest[] {
  return log.filter(
    (r) => r.method === method && path.test(r.path) && (service === undefined || r.service === service),
  );
}

/** `status` or `status/fault` per request, for compact exact assertions on retries. */
export function statuses(log: readonly LoggedRequest[]): string[] {
  return log.map((r) => (r.fault ? `${r.status}/${String(r.fault)}` : String(r.status)));
}

/**
 * Polls the emulator's request log while an operation runs, to bound the wait between a 429 and
 * its retry without instrumenting the provider. For each entry (by method, path and status, in
 * order of appearance) it remembers the start of the last poll that did not yet show it and the
 * end of the first poll that did: the entry was logged between the two. A slow poll (a busy
 * machine) only widens that window, so `maxGap` never reads less than the real gap, and a
 * lower-bound assertion on it ("the retry waited at least Retry-After") never fails because the
 * test process was slow. It can still fail: a retry that did not wait shows a gap of a few polls.
 */
export class LogWatcher {
  /** Per key, per occurrence: the start of the last poll without it, the end of the first with it. */
  private readonly seen = new Map<string, { lastAbsent: number[]; firstSeen: number[] }>();
  private previousAsked = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly emulator: TestEmulator,
    private readonly everyMs = 25,
  ) {}

  /** Starts polling; the log should have been cleared just before. */
  start(): void {
    this.previousAsked = performance.now();
    const tick = async () => {
      const asked = performance.now();
      const log = await this.emulator.requests();
      const answered = performance.now();
      const counts = new Map<string, number>();
      for (const r of log) {
        const key = `${r.method} ${r.path} ${r.status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of counts) {
        const times = this.seen.get(key) ?? { lastAbsent: [], firstSeen: [] };
        while (times.firstSeen.length < n) {
          // Absent when the previous poll read the log (after it was asked), present by now.
          times.lastAbsent.push(this.previousAsked);
          times.firstSeen.push(answered);
        }
        this.seen.set(key, times);
      }
      this.previousAsked = asked;
    };
    this.timer = setInterval(() => {
      this.polling = this.polling.then(tick, tick);
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling.catch(() => undefined);
  }

  /** Whether the `nth` (0-based) request with this method, path and status was seen. */
  wasSeen(method: string, path: string, status: number, nth = 0): boolean {
    return this.seen.get(`${method} ${path} ${status}`)?.firstSeen[nth] !== undefined;
  }

  /**
   * The longest the time from the first `from` request to the first `to` request can have been:
   * from the start of the last poll that did not show `from` to the end of the first poll that
   * showed `to`. Never less than the real gap, however late a poll ran. Throws if either was unseen.
   */
  maxGap(from: LogKey, to: LogKey): number {
    const start = this.seen.get(`${from.method} ${from.path} ${from.status}`)?.lastAbsent[0];
    const end = this.seen.get(`${to.method} ${to.path} ${to.status}`)?.firstSeen[0];
    if (start === undefined) throw new Error(`${from.method} ${from.path} ${from.status} was never seen`);
    if (end === undefined) throw new Error(`${to.method} ${to.path} ${to.status} was never seen`);
    return end - start;
  }
}

/** A request log entry as LogWatcher keys it. */
export interface LogKey {
  method: string;
  path: string;
  status: number;
}

/** One row of the table the issue asks for. */
export interface Row {
  case: string;
  expected: string;
  observed: string;
  retries: number | string;
  ms: number;
}

const REPORT_DIR = join(REPO_ROOT, ".tmp", "reliability");

/** Rows for the closing table, written per test file to `.tmp/reliability/<name>.json` and printed. */
export class Report {
  readonly rows: Row[] = [];

  constructor(private readonly name: string) {}

  add(row: Row): void {
    this.rows.push(row);
  }

  flush(): void {
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(join(REPORT_DIR, `${this.name}.json`), `${JSON.stringify(this.rows, null, 2)}\n`);
    const lines = this.rows.map(
      (r) => `| ${r.case} | ${r.expected} | ${r.observed} | ${r.retries} | ${(r.ms / 1000).toFixed(1)} s |`,
    );
    process.stdout.write(
      `\n[reliability ${this.name}]\n| case | expected | observed | retries | time |\n|---|---|---|---|---|\n${lines.join("\n")}\n`,
    );
  }
}

/** Every report written so far, for a combined table (`node -e` or the soak run). */
export function allReports(): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const file of readdirSync(REPORT_DIR).filter((f) => f.endsWith(".json"))) {
    out[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(REPORT_DIR, file), "utf8")) as Row[];
  }
  return out;
}

/**
 * Collects every text a test file produced (engine output, error messages, exports, the
 * emulator's log) so one assertion at the end proves none of them carries a secret.
 */
export class SecretScan {
  private readonly texts: { what: string; text: string }[] = [];

  add(what: string, text: unknown): void {
    this.texts.push({ what, text: typeof text === "string" ? text : JSON.stringify(text) });
  }

  /** `<what>: <secret name>` for every hit (JWTs included: a management token is a JWT). */
  hits(emulator: TestEmulator, extra: Record<string, string> = {}): string[] {
    // An empty scan (or one of empty texts only) would find nothing and prove nothing.
    if (!this.texts.some(({ text }) => text.length > 0))
      throw new Error("the secret scan has no text to scan");
    const out: string[] = [];
    for (const { what, text } of this.texts) {
      for (const name of secretHits(text, emulator)) out.push(`${what}: ${name}`);
      for (const [name, value] of Object.entries(extra))
        if (text.includes(value)) out.push(`${what}: ${name}`);
      if (JWT.test(text)) out.push(`${what}: a JWT`);
    }
    return out;
  }

  get size(): number {
    return this.texts.length;
  }
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
