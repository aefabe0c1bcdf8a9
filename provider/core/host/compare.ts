import { isPlainObject, type Plain } from "../plain";
import type { FieldSpec, FieldTable } from "../properties/field";
import { isUnknown } from "./unknowns";

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
    // A managed property is never part of a write's body: the service checks its own answers.
    if (onlyReported && (spec.writeOnly || spec.managed || have[prop] === undefined)) continue;
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
  if (spec.entries && isPlainObject(want)) {
    if (!isPlainObject(have)) return false;
    const entries = spec.entries;
    // Each entry the program sets is compared as an object; one recorded but no longer set was
    // removed (a diff); a write's answer may hold entries the program never managed.
    const removed = !onlyReported && Object.keys(have).some((key) => want[key] === undefined);
    return (
      !removed &&
      Object.entries(want).every(([key, value]) => sameEntry(entries, have[key], value, onlyReported))
    );
  }
  if (spec.items && Array.isArray(want)) {
    const items = spec.items;
    return (
      Array.isArray(have) &&
      have.length === want.length &&
      want.every((value, i) => sameEntry(items, have[i], value, onlyReported))
    );
  }
  if (spec.satisfiedBy?.(want, have)) return true;
  const norm = spec.normalize ?? ((v: unknown) => v);
  return deepEqual(norm(have), norm(want));
}

/** One entry of a map, or item of a list, of objects: compared as a property object is. */
function sameEntry(table: FieldTable, have: unknown, want: unknown, onlyReported: boolean): boolean {
  if (isUnknown(want)) return false;
  if (!isPlainObject(want) || !isPlainObject(have)) return deepEqual(have, want);
  return differing(table, have, want, onlyReported).length === 0 && sameExtraKeys(table, have, want);
}

/** Keys of a mapped object that the table does not list (free-form maps) are compared as a whole. */
function sameExtraKeys(table: FieldTable, have: Plain, want: Plain): boolean {
  for (const key of Object.keys(want)) {
    if (!(key in table) && !deepEqual(have[key], want[key])) return false;
  }
  return true;
}

function deepEqual(a: unknown, b: unknown): boolean {
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
