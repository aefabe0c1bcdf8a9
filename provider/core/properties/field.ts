import { z } from "zod";
import { objectShape, unwrap } from "./zod-shape";

/**
 * What the API does with a property. With the property's zod schema (type, checks) and its TSDoc
 * (written on the schema's key), this is everything there is to know about a property, declared
 * in one entry: `name: field(z.string().optional(), { api: "name" })`.
 */
interface ApiFacts {
  /**
   * The API's name for the field; the property's own name when left out. `null` marks the
   * provider's own setting, never sent to the API (e.g. `adopt`).
   */
  api?: string | null;
  /** The API never returns it (e.g. storage credentials): the value the program set is kept. */
  writeOnly?: boolean;
  /**
   * The value is a secret (credentials, a stream key): the property holding it is encrypted in
   * state even when the program passes a plain string, and the value is scrubbed from every error.
   */
  secret?: boolean;
  /** Maps a value to the form compared in diffs (e.g. names are case-insensitive at 100ms). */
  normalize?(value: unknown): unknown;
  /**
   * Whether the service's value fulfils a desired value it does not repeat (100ms reads region
   * `auto` back as the region it resolved to): the desired value is then kept, not seen as drift.
   */
  satisfiedBy?(desired: unknown, reported: unknown): boolean;
  /**
   * With `api: null`: a property the provider manages through other endpoints and reads back
   * itself (RoomView.own), such as `roomCodes`. Never sent in the room's body, yet compared in
   * diffs like any other; its output is the provider's reading (`roomCodes: true` reads back as
   * the map of codes), and `inputOf` turns that reading back into the input it stands for.
   */
  managed?: boolean;
  /**
   * For a managed property: the input a reported value stands for (a map of codes stands for
   * `true`). A refresh records it as the input, so a reading (a secret) never lands in the inputs.
   */
  inputOf?(reported: unknown): unknown;
  /**
   * A valid value, quoted in every failure of the property (and of values inside it). Needed
   * where one cannot be derived from the schema: strings with a pattern or format, and wherever
   * the derived one (an enum's first option, a range's lower bound) would mislead.
   */
  example?: unknown;
}

const registry = z.registry<ApiFacts>();

/**
 * A property's schema with what the API does with it. The schema is copied first, so one schema
 * value (a shared `webhookUrl`, say) can serve several properties with different facts.
 */
export function field<S extends z.ZodType>(schema: S, facts: ApiFacts): S {
  const own = schema.clone() as S;
  registry.add(own, facts);
  return own;
}

/** How one property maps to the API: its facts, with the API name resolved. */
export interface FieldSpec extends Omit<ApiFacts, "api" | "example"> {
  /** The API's name for the field (a managed property's own name: it is never sent). */
  api: string;
  /** For object properties: their own properties' specs. */
  fields?: FieldTable;
  /** For maps of objects (roles by name): the specs of each entry's properties. */
  entries?: FieldTable;
  /** For lists of objects (layers): the specs of each item's properties. */
  items?: FieldTable;
}

/** Property name to spec; `null` marks a property that is not sent to the API (e.g. `adopt`). */
export type FieldTable = Record<string, FieldSpec | null>;

/**
 * The field table of an object schema, read from its properties' `field(...)` facts, at every
 * depth: mapping, diffs, secrecy and redaction all go through it, so it is never written by hand.
 */
export function fieldTable(schema: z.ZodType): FieldTable {
  const shape = objectShape(schema);
  if (!shape) throw new Error("fieldTable needs an object schema");
  const table: FieldTable = {};
  for (const [prop, propSchema] of Object.entries(shape)) {
    // The example only serves messages (leaf.ts): the table is how a property maps to the API.
    const { example: _, ...facts } = factsOf(propSchema);
    if (facts.api === null && !facts.managed) {
      table[prop] = null;
      continue;
    }
    table[prop] = { ...facts, api: facts.api ?? prop, ...nestedTables(propSchema) };
  }
  return table;
}

/** The tables of what an object, a map of objects or a list of objects holds. */
function nestedTables(schema: unknown): Pick<FieldSpec, "fields" | "entries" | "items"> {
  if (objectShape(schema)) return { fields: fieldTable(schema as z.ZodType) };
  const inner = unwrap(schema);
  if (inner instanceof z.ZodRecord && objectShape(inner.valueType))
    return { entries: fieldTable(inner.valueType as z.ZodType) };
  if (inner instanceof z.ZodArray && objectShape(inner.element))
    return { items: fieldTable(inner.element as z.ZodType) };
  return {};
}

/** The facts given to a schema, looked for through `.optional()` and similar wrappers. */
export function factsOf(schema: unknown): ApiFacts {
  let current = schema;
  while (current instanceof z.ZodType) {
    const facts = registry.get(current);
    if (facts) return facts;
    const inner: unknown =
      current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault
        ? current.unwrap()
        : undefined;
    current = inner;
  }
  return {};
}

/**
 * The top-level properties that hold a secret at any depth: the engine marks secrets per
 * top-level property, so the whole property is kept secret.
 */
export function secretProperties(table: FieldTable): string[] {
  return Object.entries(table).flatMap(([prop, spec]) => (spec && holdsSecret(spec) ? [prop] : []));
}

function holdsSecret(spec: FieldSpec): boolean {
  const inner = [spec.fields, spec.entries, spec.items].flatMap((table) => Object.values(table ?? {}));
  return spec.secret === true || inner.some((s) => s !== null && holdsSecret(s));
}

/** Every string a set of properties holds under a secret field, to scrub from error texts. */
export function secretValues(table: FieldTable, props: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [prop, spec] of Object.entries(table)) {
    const value = props[prop];
    if (!spec || value === undefined || value === null) continue;
    if (spec.secret) collectStrings(value, out);
    else if (spec.fields && typeof value === "object") {
      out.push(...secretValues(spec.fields, value as Record<string, unknown>));
    } else if ((spec.entries || spec.items) && typeof value === "object") {
      const table = (spec.entries ?? spec.items) as FieldTable;
      for (const each of Object.values(value as object))
        if (typeof each === "object" && each !== null) out.push(...secretValues(table, each));
    }
  }
  return out;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) collectStrings(v, out);
}
