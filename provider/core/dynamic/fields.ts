import { isUnknown } from "./unknowns";

/**
 * How one resource property maps to the API. The table of these per service is the single place
 * that knows the API's field names; request bodies, the reading back of rooms and diffs all go
 * through it.
 */
export interface FieldSpec {
  /** The API's name for the field. */
  api: string;
  /** For object fields whose keys are renamed too (e.g. camelCase to snake_case). */
  fields?: FieldTable;
  /** The API does not return it (e.g. storage credentials): keep what the program set. */
  writeOnly?: boolean;
  /**
   * The value is a secret (it holds credentials or a stream key): kept encrypted in state even
   * when the program passes a plain string, and never shown in an error.
   */
  secret?: boolean;
  /** Maps a value to the form compared in diffs (e.g. names are case-insensitive at 100ms). */
  normalize?(value: unknown): unknown;
  /**
   * Whether the service's value fulfils a desired value it does not repeat (100ms reads region
   * `auto` back as the region it resolved to): the desired value is then kept, not seen as drift.
   */
  satisfiedBy?(desired: unknown, reported: unknown): boolean;
}

/** Property name to spec; `null` marks a property that is not sent to the API (e.g. `adopt`). */
export type FieldTable = Record<string, FieldSpec | null>;

type Plain = Record<string, unknown>;

/** The top-level properties whose values are secret (the engine marks secrets per top-level property). */
export function secretProperties(table: FieldTable): string[] {
  return Object.entries(table).flatMap(([prop, spec]) => (spec?.secret ? [prop] : []));
}

/** Builds the API body for the given inputs (only the properties that are set). */
export function toApi(table: FieldTable, inputs: Plain, only?: readonly string[]): Plain {
  const body: Plain = {};
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || (only && !only.includes(prop))) continue;
    const value = inputs[prop];
    if (value === undefined) continue;
    body[spec.api] = spec.fields && isPlainObject(value) ? toApi(spec.fields, value) : value;
  }
  return body;
}

/**
 * Reads the table's properties out of an API object (write-only fields are left out). A field the
 * object does not carry stays absent (neither API documents that it echoes every set field), and
 * an explicit `null` is kept: it is how a field cleared outside Pulumi shows.
 */
export function fromApi(table: FieldTable, apiObject: Plain): Plain {
  const out: Plain = {};
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || spec.writeOnly) continue;
    const value = apiObject[spec.api];
    if (value === undefined) continue;
    out[prop] = spec.fields && isPlainObject(value) ? fromApi(spec.fields, value) : value;
  }
  return out;
}

/**
 * What the service says, laid over what was stored: the service wins wherever it answers (`null`
 * included: cleared), and the stored value stays where it is silent (write-only fields such as
 * storage credentials, or fields a service does not echo), so a refresh neither loses them nor
 * reports them as drift.
 */
export function overlay(table: FieldTable, stored: Plain, fromServer: Plain): Plain {
  const out: Plain = { ...stored };
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || spec.writeOnly) continue;
    const server = fromServer[prop];
    if (server === undefined || spec.satisfiedBy?.(stored[prop], server)) continue;
    out[prop] =
      spec.fields && isPlainObject(server) && isPlainObject(stored[prop])
        ? overlay(spec.fields, stored[prop], server)
        : server;
  }
  return out;
}

/**
 * The properties whose desired value differs from the recorded one. A property the program does
 * not set is not compared: the service's default, or a value set outside Pulumi for a property the
 * program leaves alone, is never a change (no perpetual diffs). An unknown desired value counts
 * as a change.
 */
export function changedProperties(table: FieldTable, recorded: Plain, desired: Plain): string[] {
  return differing(table, recorded, desired, false);
}

/** A property a write sent that the service answered with another value. */
export interface Unapplied {
  property: string;
  sent: unknown;
  kept: unknown;
}

/**
 * The properties of a write the service's answer shows it did not apply. A property the answer
 * does not carry (or never can: write-only) cannot be judged and is not reported; values are
 * compared as diffs compare them (names case-insensitively, `region: auto` by any region).
 */
export function unappliedProperties(table: FieldTable, sent: Plain, answered: Plain): Unapplied[] {
  return differing(table, answered, sent, true).map((property) => ({
    property,
    sent: sent[property],
    kept: answered[property],
  }));
}

function differing(table: FieldTable, have: Plain, want: Plain, onlyReported: boolean): string[] {
  const changed: string[] = [];
  for (const [prop, spec] of Object.entries(table)) {
    const wanted = want[prop];
    if (!spec || wanted === undefined) continue;
    if (onlyReported && (spec.writeOnly || have[prop] === undefined)) continue;
    if (!sameValue(spec, have[prop], wanted, onlyReported)) changed.push(prop);
  }
  return changed;
}

function sameValue(spec: FieldSpec, have: unknown, want: unknown, onlyReported: boolean): boolean {
  if (isUnknown(want)) return false;
  if (spec.fields && isPlainObject(want)) {
    if (!isPlainObject(have)) return false;
    // Only the parts of an object the program sets are compared, as at the top level.
    return (
      differing(spec.fields, have, want, onlyReported).length === 0 && sameExtraKeys(spec.fields, have, want)
    );
  }
  if (spec.satisfiedBy?.(want, have)) return true;
  const norm = spec.normalize ?? ((v: unknown) => v);
  return deepEqual(norm(have), norm(want));
}

/** Keys of a mapped object that the table does not list (free-form maps) are compared as a whole. */
function sameExtraKeys(table: FieldTable, have: Plain, want: Plain): boolean {
  for (const key of Object.keys(want)) {
    if (!(key in table) && !deepEqual(have[key], want[key])) return false;
  }
  return true;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The listed keys of an object that are set. */
export function pick(source: Plain, keys: readonly string[]): Plain {
  const out: Plain = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
