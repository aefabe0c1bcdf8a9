import { isPlainObject, type Plain } from "../plain";
import type { FieldSpec, FieldTable } from "../properties/field";

/** Builds the API body for the given inputs (only the properties that are set). */
export function toApi(table: FieldTable, inputs: Plain): Plain {
  const body: Plain = {};
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || spec.managed) continue;
    const value = inputs[prop];
    if (value === undefined) continue;
    body[spec.api] = nested(spec, value, toApi);
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
    if (!spec || spec.writeOnly || spec.managed) continue;
    const value = apiObject[spec.api];
    if (value === undefined) continue;
    out[prop] = nested(spec, value, fromApi);
  }
  return out;
}

/** A value mapped through its spec's own table: an object's, each entry's of a map, each item's of a list. */
function nested(spec: FieldSpec, value: unknown, map: (table: FieldTable, value: Plain) => Plain): unknown {
  if (spec.fields && isPlainObject(value)) return map(spec.fields, value);
  const each = spec.entries ?? spec.items;
  if (!each) return value;
  const one = (item: unknown) => (isPlainObject(item) ? map(each, item) : item);
  if (spec.entries && isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, one(v)]));
  return spec.items && Array.isArray(value) ? value.map(one) : value;
}

/**
 * What the service says, laid over what was stored: the service wins wherever it answers (`null`
 * included: cleared), and the stored value stays where it is silent (write-only fields such as
 * storage credentials, or fields a service does not echo), so a refresh neither loses them nor
 * reports them as drift. A map of objects (roles by name) keeps only the entries stored: others
 * the service has are not the program's, and a stored one the service lacks is gone (drift).
 */
export function overlay(table: FieldTable, stored: Plain, fromServer: Plain): Plain {
  const out: Plain = { ...stored };
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || spec.writeOnly) continue;
    const server = fromServer[prop];
    if (server === undefined) continue;
    // A managed property's output is the provider's reading, even where it fulfils the input.
    if (!spec.managed && spec.satisfiedBy?.(stored[prop], server)) continue;
    const mine = stored[prop];
    if (spec.fields && isPlainObject(server) && isPlainObject(mine))
      out[prop] = overlay(spec.fields, mine, server);
    else if (spec.entries) {
      // A map the program does not set is not recorded from the service either: the entries a
      // program removes are told by what it recorded before, so they must all be its own.
      if (!isPlainObject(mine)) continue;
      const entries = spec.entries;
      out[prop] = Object.fromEntries(
        Object.entries(mine).flatMap(([key, value]) => {
          const there = isPlainObject(server) ? server[key] : undefined;
          if (there === undefined) return [];
          return [
            [key, isPlainObject(value) && isPlainObject(there) ? overlay(entries, value, there) : there],
          ];
        }),
      );
    } else out[prop] = server;
  }
  return out;
}
