import { z } from "zod";
import { objectShape, unwrap } from "../properties/zod-shape";

type Plain = Record<string, unknown>;

/**
 * A room's properties as read from the API, in the types the schema gives them. Neither API
 * documents its value types beyond examples, so a number or boolean sent back as a string
 * (`"40"`, `"true"`) is read as what it unambiguously means rather than recorded as a change.
 * Anything else is left as it came: `null` (cleared), values of another type (a change the diff
 * then shows), and keys the schema does not know.
 */
export function normalizeRead(schema: z.ZodType, props: Plain): Plain {
  const shape = objectShape(schema);
  if (!shape) return props;
  const out: Plain = {};
  for (const [key, value] of Object.entries(props)) {
    out[key] = key in shape ? coerce(shape[key] as z.ZodType, value) : value;
  }
  return out;
}

function coerce(schema: z.ZodType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const base = unwrap(schema);
  if (base instanceof z.ZodNumber && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  if (base instanceof z.ZodBoolean && typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (text === "true") return true;
    if (text === "false") return false;
    return value;
  }
  if (base instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((item) => coerce(base.element as z.ZodType, item));
  }
  if (base instanceof z.ZodRecord && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Plain).map(([k, v]) => [k, coerce(base.valueType as z.ZodType, v)]),
    );
  }
  if (base instanceof z.ZodObject && typeof value === "object" && !Array.isArray(value)) {
    return normalizeRead(base, value as Plain);
  }
  return value;
}
