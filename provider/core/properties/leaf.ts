import { z } from "zod";
import { factsOf } from "./field";
import { unwrap } from "./zod-shape";

/**
 * What a failure says about the property's schema: what is allowed and a valid value. Both are
 * read from the schema (and a property's `example` fact), so a message can never describe a rule
 * the schema does not have.
 */

/** The schema of the value at `path` under `schema`, through objects, lists and maps. */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = schema;
  for (const key of path) {
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, unknown>)[String(key)];
    else if (inner instanceof z.ZodArray) current = inner.element;
    else if (inner instanceof z.ZodRecord) current = inner.valueType;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** What the schema allows, in words: "a string", "one of in, us, eu, auto", "a number from 0 to 20000". */
export function allowedBy(schema: unknown): string {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodEnum) return `one of ${inner.options.join(", ")}`;
  if (inner instanceof z.ZodBoolean) return "true or false";
  if (inner instanceof z.ZodNumber) {
    const { minValue: min, maxValue: max } = inner;
    const bounded = (v: number | null): v is number => v !== null && Number.isFinite(v);
    if (bounded(min) && bounded(max)) return `a number from ${min} to ${max}`;
    if (bounded(min)) return `a number, at least ${min}`;
    if (bounded(max)) return `a number, at most ${max}`;
    return "a number";
  }
  if (inner instanceof z.ZodObject) return `an object with ${Object.keys(inner.shape).join(", ")}`;
  if (inner instanceof z.ZodArray) return `a list, each item ${allowedBy(inner.element)}`;
  if (inner instanceof z.ZodRecord) return `an object of names to values, each ${allowedBy(inner.valueType)}`;
  if (inner instanceof z.ZodType && inner.def.type === "string") {
    const format = (inner as unknown as { format?: string | null }).format;
    return format === "url" ? "a URL (a string)" : "a string";
  }
  return "a value of the documented type";
}

/** A valid value for the schema: its `example` fact, or one derived from its type and bounds. */
export function exampleOf(schema: unknown): unknown {
  const given = factsOf(schema).example;
  // A copy: the fact is shared by every message and caller.
  if (given !== undefined) return structuredClone(given);
  const inner = unwrap(schema);
  if (inner instanceof z.ZodEnum) return inner.options[0];
  if (inner instanceof z.ZodBoolean) return true;
  if (inner instanceof z.ZodNumber) {
    const { minValue: min, maxValue: max } = inner;
    if (min !== null && Number.isFinite(min)) return min;
    return max !== null && Number.isFinite(max) ? Math.min(1, max) : 1;
  }
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
    const keys = required.length > 0 ? required : Object.keys(shape).slice(0, 1);
    return Object.fromEntries(keys.map((k) => [k, exampleOf(shape[k])]));
  }
  if (inner instanceof z.ZodArray) return [exampleOf(inner.element)];
  if (inner instanceof z.ZodRecord) return { name: exampleOf(inner.valueType) };
  return "text";
}

/** A value as TypeScript source, short enough for one line of an error. */
export function literal(value: unknown, max = 80): string {
  const text = source(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function source(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(source).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${source(v)}`,
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value) ?? String(value);
}
