/**
 * Makes a value safe for the engine's Struct conversion, which throws on `undefined` and turns a
 * Date into `{}` (pulumi-dynamic.md pitfall 5). Applied to everything a provider method returns: a
 * conversion failure after a successful create would orphan the room.
 */
export function engineSafe<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && typeof v !== "function").map(clean);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === "function" || typeof v === "symbol" || typeof v === "bigint")
        continue;
      out[k] = clean(v);
    }
    return out;
  }
  return value;
}
