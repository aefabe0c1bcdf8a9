/** A JSON-like object: what crosses between the program, the engine and the APIs. */
export type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The listed keys of an object that are set (not undefined). */
export function pick(source: Plain, keys: readonly string[]): Plain {
  const out: Plain = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
