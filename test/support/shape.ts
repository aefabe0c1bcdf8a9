/** A JSON value's type as the shape comparison sees it. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Where `actual` differs in shape from `expected`: a key missing or added, or a value of another
 * JSON type, each with its JSON path. Values themselves (ids, times, counts) are not compared; an
 * array is compared by its first element, as lists of one account and another differ in length.
 */
export function shapeDifferences(expected: unknown, actual: unknown, path = "$"): string[] {
  const [want, got] = [jsonType(expected), jsonType(actual)];
  if (want !== got) return [`${path}: ${want} became ${got}`];
  if (want === "array") {
    const [first, other] = [(expected as unknown[])[0], (actual as unknown[])[0]];
    return first === undefined || other === undefined ? [] : shapeDifferences(first, other, `${path}[0]`);
  }
  if (want !== "object") return [];
  const [a, b] = [expected as Record<string, unknown>, actual as Record<string, unknown>];
  const differences: string[] = [];
  for (const key of Object.keys(a)) {
    if (!(key in b)) differences.push(`${path}.${key}: missing`);
    else differences.push(...shapeDifferences(a[key], b[key], `${path}.${key}`));
  }
  for (const key of Object.keys(b)) if (!(key in a)) differences.push(`${path}.${key}: not in the recording`);
  return differences;
}

/** What differs between a recorded answer and a replayed one: the status, then the body's shape. */
export function answerDifferences(
  recorded: { status: number; response: unknown },
  replayed: { status: number; response: unknown },
): string[] {
  const status =
    recorded.status === replayed.status ? [] : [`status ${recorded.status} became ${replayed.status}`];
  return [...status, ...shapeDifferences(recorded.response, replayed.response)];
}
