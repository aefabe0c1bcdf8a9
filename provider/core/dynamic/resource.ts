import * as pulumi from "@pulumi/pulumi";
import { autoName, autoNameSuffix } from "./autoname";

/**
 * The props handed to `dynamic.Resource`: the program's args, the generated name, and every
 * output seeded as undefined so the engine exposes it (pulumi-dynamic.md pitfall 8). A fresh object
 * each time: `dynamic.Resource` writes `__provider` into the object it is given.
 */
export function roomProps(
  name: string,
  args: Record<string, unknown>,
  outputNames: readonly string[],
  disallowedNameChars: RegExp,
): Record<string, unknown> {
  const seeded: Record<string, unknown> = {};
  for (const key of outputNames) seeded[key] = undefined;
  const suffix = autoNameSuffix(pulumi.getProject(), pulumi.getStack(), name);
  return { ...seeded, ...args, autoName: autoName(name, suffix, disallowedNameChars) };
}

/**
 * The caller's options plus what every room needs: its secret outputs, and delete-before-replace
 * unless the caller chose otherwise. A replacement (`pulumi up --replace`, `replaceOnChanges`)
 * re-creates the room under the same name, and create takes over a room found under its own name,
 * so creating first would hand back the old room, which the engine's delete of the old resource
 * would then disable (100ms) or delete (Metered).
 */
export function roomOptions(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[],
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    deleteBeforeReplace: opts?.deleteBeforeReplace ?? true,
    additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs])],
  };
}

/** Wraps a value in `pulumi.secret` when the program set it, so it is encrypted in state as an input too. */
export function secretIfSet<T>(value: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  return value === undefined ? undefined : (pulumi.secret(value) as pulumi.Input<T>);
}

/** Whether `obj` is a resource of this type token: works across copies of this package, unlike instanceof. */
export function hasType(obj: unknown, type: string): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
