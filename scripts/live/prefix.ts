import { randomBytes } from "node:crypto";

/**
 * Every room the live tools make starts with this, and they write to no room that does not: a
 * maintainer's real rooms never carry it, so a bug in a live run cannot reach them.
 */
export const TEST_PREFIX = "pvr-test-";

/** Refusal to write to (or rename onto) a room outside the test prefix. */
export class PrefixGuardError extends Error {
  override readonly name = "PrefixGuardError";
}

/**
 * A run's id: its start time in base-36 seconds, then random characters, lower-case letters and
 * digits only, which both services accept in room names and URLs. The time lets the sweeper age a
 * leaked room even when the API does not say when the room was made.
 */
export function newRunId(now = Date.now()): string {
  const time = Math.floor(now / 1000).toString(36);
  const random = [...randomBytes(4)].map((byte) => (byte % 36).toString(36)).join("");
  return `${time}-${random}`;
}

/** `pvr-test-<run id>-`: the prefix of every room one run makes. */
export function runPrefix(runId: string): string {
  return `${TEST_PREFIX}${runId}-`;
}

export function isTestRoomName(name: unknown): name is string {
  return typeof name === "string" && name.startsWith(TEST_PREFIX);
}

/** Throws unless `name` is a test room's: what every write checks first. */
export function assertTestRoomName(name: unknown, action: string): asserts name is string {
  if (!isTestRoomName(name)) {
    throw new PrefixGuardError(
      `refused to ${action} ${JSON.stringify(name)}: the live tools write only to rooms named ${TEST_PREFIX}...`,
    );
  }
}

/** When the run that made a test room started, from its name; undefined for other names. */
export function runStartedAt(name: string): Date | undefined {
  if (!isTestRoomName(name)) return undefined;
  const time = /^([0-9a-z]+)-/.exec(name.slice(TEST_PREFIX.length))?.[1];
  if (!time) return undefined;
  const seconds = Number.parseInt(time, 36);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;
}

const PERMIT = Symbol("write permit");

/** Proof that a write's room name was checked against the prefix; LiveHttp writes only with one. */
export interface WritePermit {
  readonly [PERMIT]: string;
}

/**
 * The one way to obtain a write permit: for a test room's name, or refused. Callers pass the name
 * of the room as the service holds it (read back just before) and any new name a write would give it.
 */
export function permitWrite(action: string, ...names: unknown[]): WritePermit {
  if (names.length === 0) throw new PrefixGuardError(`refused to ${action}: no room name to check`);
  for (const name of names) assertTestRoomName(name, action);
  return { [PERMIT]: names.join(",") };
}

export function isWritePermit(value: unknown): value is WritePermit {
  return typeof value === "object" && value !== null && PERMIT in value;
}
