import { isPlainObject, type Plain } from "../plain";
import type { FieldTable } from "../properties/field";

/** Builds the API body for the given inputs (only the properties that are set). */
export function toApi(table: FieldTable, inputs: Plain): Plain {
  const body: Plain = {};
  for (const [prop, spec] of Object.entries(table)) {
    if (!spec || spec.managed) continue;
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
    if (!spec || spec.writeOnly || spec.managed) continue;
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
    if (server === undefined) continue;
    // A managed property's output is the provider's reading, even where it fulfils the input.
    if (!spec.managed && spec.satisfiedBy?.(stored[prop], server)) continue;
    out[prop] =
      spec.fields && isPlainObject(server) && isPlainObject(stored[prop])
        ? overlay(spec.fields, stored[prop], server)
        : server;
  }
  return out;
}
