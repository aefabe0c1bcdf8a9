/**
 * The room's inputs as the rules read them: plain values, with every value the engine does not
 * know yet (preview) replaced by {@link UNKNOWN}, so a rule can tell "not set" from "not known yet"
 * and report neither an unknown value nor a guess about it.
 */

/** Stands for a value not known during preview (it depends on a resource not created yet). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** `T` itself known, where any value inside it, at any depth, may be {@link UNKNOWN}. */
export type WithUnknowns<T> = T extends readonly (infer E)[]
  ? Unknowable<E>[]
  : T extends object
    ? { [K in keyof T]: Unknowable<T[K]> }
    : T;

/** `T`, or {@link UNKNOWN}, at any depth. */
export type Unknowable<T> = typeof UNKNOWN | WithUnknowns<T>;

/** Whether a value is known (set or not): rules check nothing about an unknown value. */
export function isKnown<T>(value: T | typeof UNKNOWN): value is T {
  return value !== UNKNOWN;
}

/**
 * A plain copy of the inputs a policy receives. `@pulumi/policy` hands them through a proxy that
 * throws when a rule reads an unknown value (and then reports "can't run policy during preview"
 * as an advisory); reading each value once here, and keeping unknown ones as {@link UNKNOWN},
 * lets the rules skip exactly the unknown parts and still check everything known beside them.
 *
 * @param props The `props` of the policy's validation arguments.
 * @param isUnknownError Whether an error thrown by reading a value means the value is unknown.
 */
export function readInputs(
  props: object,
  isUnknownError: (err: unknown) => boolean,
): Record<string, unknown> {
  const copy = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch (err) {
        if (!isUnknownError(err)) throw err;
        item = UNKNOWN;
      }
      (out as Record<string, unknown>)[key] = item === UNKNOWN ? UNKNOWN : copy(item);
    }
    return out;
  };
  return copy(props) as Record<string, unknown>;
}

/** The host of a URL, lower case; undefined when it does not parse or has none. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A URL as a violation may show it: scheme and host only. Paths and queries of webhook and RTMP
 * URLs often carry a token or stream key, so they are never shown.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return "(an unparsable URL, not shown)";
  }
}

/** Whether `host` matches one of the patterns: an exact name, or `*.example.com` for its subdomains. */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

/** A list for a message: `a, b, c`, or a note that it is empty. */
export function listed(values: readonly string[]): string {
  return values.length === 0 ? "none (the list is empty)" : values.join(", ");
}

/** Seconds for a message: `7200 s (2 h)`. */
export function duration(seconds: number): string {
  const hours = seconds / 3600;
  if (seconds >= 3600 && Number.isInteger(hours * 10)) return `${seconds} s (${hours} h)`;
  if (seconds >= 60 && Number.isInteger(seconds / 60)) return `${seconds} s (${seconds / 60} min)`;
  return `${seconds} s`;
}
