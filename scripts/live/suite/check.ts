/** A room as an API answers it. */
export type Body = Record<string, unknown>;

/** Throws `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless two values are equal (as JSON), naming both. */
export function expectEqual(what: string, expected: unknown, actual: unknown): void {
  expectThat(same(expected, actual), `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/**
 * Throws unless `actual` holds every field of `expected` (objects compared field by field, so
 * fields the service adds on its own do not count), naming each field that differs.
 */
export function expectFields(what: string, expected: Body, actual: Body): void {
  const wrong = mismatches(expected, actual, "");
  expectThat(wrong.length === 0, `${what}: ${wrong.join("; ")}`);
}

function mismatches(expected: Body, actual: Body, path: string): string[] {
  return Object.entries(expected).flatMap(([key, want]) => {
    const got = actual[key];
    const at = `${path}${key}`;
    if (isPlain(want)) {
      return isPlain(got) ? mismatches(want, got, `${at}.`) : [`${at}: expected an object, got ${show(got)}`];
    }
    return same(want, got) ? [] : [`${at}: expected ${show(want)}, got ${show(got)}`];
  });
}

function isPlain(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
