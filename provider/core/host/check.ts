import { z } from "zod";
import { type FieldTable, fieldTable } from "../properties/field";
import { allowedBy, exampleOf, literal, schemaAt } from "../properties/leaf";
import { objectShape, unwrap } from "../properties/zod-shape";
import { unknownAlong } from "./unknowns";

/** A Pulumi check failure: the property path in Pulumi's syntax and what to do about it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Whether failures quote the value given, and where it is secret beyond the schema's own secret
 * fields. Only the program can say: the engine strips secrecy before a dynamic provider's `check`
 * (the provider does not accept secrets), so a value the program wrapped in `pulumi.secret` reaches
 * it as plain text. The provider's failures quote no value; the engine prints the top-level value
 * beside them, redacted.
 */
export interface CheckOptions {
  values?: { secretAt(path: readonly PropertyKey[]): boolean };
}

/**
 * Validates inputs with the resource's zod schema and turns every issue into a per-property
 * failure that says what is allowed and a valid value, and with `values`, what was given (secrets
 * as `[secret]`). An
 * issue at or below a value that is not known yet (preview) is dropped: the value is checked again
 * when it is known, at `up`.
 */
export function validate(
  schema: z.ZodType,
  inputs: Record<string, unknown>,
  options: CheckOptions = {},
): CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const table = tableOf(schema);
  const { values } = options;
  const secret = (path: readonly PropertyKey[]) =>
    values && (secretAlong(table, path) || values.secretAt(path));
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
    const property = z.core.toDotPath(issue.path) || "(resource)";
    failures.push({ property, reason: explain(schema, inputs, issue, secret(issue.path)) });
  }
  return failures;
}

/**
 * One failure's reason: `[got <value>: ]<rule>; e.g. <valid value>`. The schema's own message is
 * the rule when it wrote one; zod's stock text ("Invalid input: expected string, received number")
 * never reaches a user: the rule is then what the schema allows.
 */
function explain(
  schema: z.ZodType,
  inputs: unknown,
  issue: z.core.$ZodIssue,
  /** Whether the value is secret; undefined: quote no value. */
  secret: boolean | undefined,
): string {
  const leaf = schemaAt(schema, issue.path);
  const value = valueAt(inputs, issue.path);
  const stock = /^(Invalid|Too (small|big)|Expected)\b/.test(issue.message);
  const rule = stock || leaf === undefined ? `must be ${allowedBy(leaf)}` : issue.message;
  const example = leaf === undefined || /\be\.g\./.test(rule) ? "" : `; e.g. ${literal(exampleOf(leaf))}`;
  // A cross-field rule's own message says why a property is missing ("is required when ...").
  if (value === undefined && issue.code !== "custom")
    return `is required: ${stock ? allowedBy(leaf) : rule}${example}`;
  if (value === undefined) return `${rule}${example}`;
  // null hides nothing; any other value of a secret property might be the secret itself.
  const shown =
    value === null ? "null" : secret === undefined ? undefined : secret ? "[secret]" : literal(value, 60);
  // null is how a program often means "not set": the fix is to leave the property out.
  const unset = value === null && leaf instanceof z.ZodType && leaf.safeParse(undefined).success;
  const given = shown === undefined ? "" : `got ${shown}: `;
  return `${given}${rule}${example}${unset ? " (or leave it out to keep the default)" : ""}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    root,
  );
}

const tables = new WeakMap<z.ZodType, FieldTable>();
function tableOf(schema: z.ZodType): FieldTable {
  const table = tables.get(schema) ?? fieldTable(schema);
  tables.set(schema, table);
  return table;
}

/** Whether the value at `path` is, or is inside, a property the schema declares secret. */
function secretAlong(table: FieldTable | undefined, path: readonly PropertyKey[]): boolean {
  const [head, ...rest] = path;
  const spec = table?.[String(head)];
  if (!spec) return false;
  return spec.secret === true || (rest.length > 0 && secretAlong(spec.fields, rest));
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
