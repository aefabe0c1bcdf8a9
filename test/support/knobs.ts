/**
 * Environment knobs that change a test's size (rooms per service, property runs, failure rates).
 * A value that would run no case, or that is not a number at all, throws with the variable's name:
 * a typo or a `0` must never turn a test into one that checks nothing.
 */

/** A whole number of at least `min` (default 1) from `name`, or `fallback` when it is unset. */
export function intKnob(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A fraction in (0, max] from `name` (a share of requests to fail), or `fallback` when it is unset. */
export function fractionKnob(name: string, fallback: number, max = 1): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
