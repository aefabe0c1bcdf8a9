import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type CheckFailure, validate } from "../host/check";
import { UNKNOWN } from "../host/unknowns";

/** What preflight needs to know about a resource class. */
export interface PreflightShape {
  /** Resource class name, for messages ("HmsRoom"). */
  kind: string;
  /** The service, for messages ("100ms"). */
  service: string;
  schema: z.ZodType;
}

/**
 * The program's own check of a resource's inputs, so that one preview reports every invalid
 * resource: the engine stops at the first resource whose provider `check` fails, and `--continue-
 * on-error` exists only for `up` and `destroy`.
 *
 * Inputs are checked once every value the program gave is resolved (plain values at once, outputs
 * when their resources register; unknown ones are left to `check`, which stays the authority).
 * An invalid resource is reported as a `ResourceError` on that resource, which the SDK logs
 * against the resource and turns into a failed program, and is still registered (the log waits for
 * its URN) with a marker (`verdict`) on which the provider's check lets it through, diff calls it a
 * change and create and update refuse it: no API call, and no second message for its properties.
 */
export interface Preflight {
  /** Resolves true when the program reported the resource invalid: registered as a state key. */
  verdict: Promise<boolean>;
  /** After registration starts: reports the failures, if any, against the resource. */
  report(resource: pulumi.Resource): void;
}

/** Failures the program reports itself; the SDK's uncaught-error handler logs it against `resource`. */
export class InvalidPropertiesError extends pulumi.ResourceError {
  override name = "InvalidPropertiesError";
}

export function preflight(
  name: string,
  args: object,
  shape: PreflightShape,
  opts: pulumi.CustomResourceOptions | undefined,
): Preflight {
  // A read (`.get`) has no inputs to check; transforms may rewrite the inputs after this point.
  const skip =
    opts?.id !== undefined || (opts?.transforms?.length ?? 0) > 0 || (opts?.transformations?.length ?? 0) > 0;
  const failures: Promise<CheckFailure[]> = skip ? Promise.resolve([]) : findFailures(args, shape, opts);
  return {
    // A value the program cannot resolve fails the registration on its own: not ours to report.
    verdict: failures.then(
      (found) => found.length > 0,
      () => false,
    ),
    report(resource) {
      void failures.then(
        (found) => {
          if (found.length === 0) return;
          // Thrown on purpose into a promise nobody awaits: the SDK's handler for uncaught errors is
          // what logs a ResourceError against its resource and makes the program (preview) fail.
          throw new InvalidPropertiesError(message(name, shape, found), resource, true);
        },
        () => undefined,
      );
    },
  };
}

async function findFailures(
  args: object,
  shape: PreflightShape,
  opts: pulumi.CustomResourceOptions | undefined,
): Promise<CheckFailure[]> {
  const secrets: string[] = [];
  const inputs = (await resolveKnown(args, [], secrets)) as Record<string, unknown>;
  const secretAt = (path: readonly PropertyKey[]) => secrets.some((s) => under(z.core.toDotPath(path), s));
  // The engine puts the old value back for ignored properties before `check` sees them.
  const ignored = opts?.ignoreChanges ?? [];
  return validate(shape.schema, inputs, { values: { secretAt } }).filter(
    (f) => !ignored.some((path) => under(f.property, path)),
  );
}

function message(name: string, shape: PreflightShape, failures: CheckFailure[]): string {
  const count = failures.length === 1 ? "an invalid property" : `${failures.length} invalid properties`;
  const lines = failures.map((f) => `  - ${f.property}: ${f.reason}`);
  return [`${shape.kind} "${name}" has ${count}; nothing was sent to ${shape.service}:`, ...lines].join("\n");
}

/**
 * The program's value as known now: outputs resolved (an unknown one, during preview, becomes the
 * engine's unknown sentinel, which validation skips as `check` does), secret ones noted by path.
 */
async function resolveKnown(value: unknown, path: PropertyKey[], secrets: string[]): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) secrets.push(z.core.toDotPath(path));
    // `isKnown` and `promise` are the SDK's own (not in its typings); without them, leave it to check.
    const internal = value as unknown as {
      isKnown?: Promise<boolean>;
      promise?(withUnknowns: boolean): Promise<unknown>;
    };
    if (typeof internal.promise !== "function" || !(await internal.isKnown)) return UNKNOWN;
    return resolveKnown(await internal.promise(true), path, secrets);
  }
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (value instanceof Promise) return resolveKnown(await value, path, secrets);
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => resolveKnown(v, [...path, i], secrets)));
  if (typeof value === "object" && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveKnown(v, [...path, k], secrets)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** Whether a property path is `base` or inside it. */
function under(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
}
