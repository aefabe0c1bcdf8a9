import { z } from "zod";
import { objectShape, unwrap } from "../properties/zod-shape";
import { unknownAlong } from "./unknowns";

/** A Pulumi check failure: the property path in Pulumi's syntax and what to do about it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validates inputs with the resource's zod schema and turns every issue into a per-property
 * failure. An issue at or below a value that is not known yet (preview) is dropped: the value is
 * checked again when it is known, at `up`.
 */
export function validate(schema: z.ZodType, inputs: Record<string, unknown>): CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const failures: CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (unknownAlong(inputs, issue.path)) continue;
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        failures.push({
          property: z.core.toDotPath([...issue.path, key]),
          reason: `unknown property${suggestion ? `; did you mean "${suggestion}"?` : "."} Remove it or fix its name.`,
        });
      }
      continue;
    }
    // A required property left out: say so, rather than zod's "expected string, received undefined".
    const value = issue.path.reduce<unknown>(
      (v, k) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      inputs,
    );
    const reason =
      issue.code === "invalid_type" && value === undefined
        ? `is required (expected ${issue.expected})`
        : issue.message;
    failures.push({ property: z.core.toDotPath(issue.path) || "(resource)", reason });
  }
  return failures;
}

function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const key of path) {
    const shape = objectShape(current);
    if (!shape || typeof key !== "string") return [];
    current = unwrap(shape[key]);
  }
  return Object.keys(objectShape(current) ?? {});
}

/** The known key nearest to a misspelt one (edit distance at most 3), for "did you mean". */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
