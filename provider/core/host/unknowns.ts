/**
 * During preview, values not yet known reach `check` and `diff` as sentinel strings, at any depth.
 * The untyped one is what Node programs send; the engine also has typed ones (pulumi-dynamic.md §1.8).
 */
/** The untyped sentinel: what a Node program sends for a value it does not know yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SENTINELS = new Set([
  UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
]);

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && SENTINELS.has(value);
}

/** True when the value at `path`, or any value on the way to it, is unknown. */
export function unknownAlong(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    if (isUnknown(current)) return true;
    if (typeof current !== "object" || current === null) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return isUnknown(current);
}
