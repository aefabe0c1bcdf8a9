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

/**
 * The args with every secret property the program set wrapped in `pulumi.secret`, so it is
 * encrypted in state as an input too, even when passed as a plain string.
 */
export function withSecrets(
  args: Record<string, unknown>,
  secret: readonly string[],
): Record<string, unknown> {
  const out = { ...args };
  for (const key of secret) if (out[key] !== undefined) out[key] = pulumi.secret(out[key]);
  return out;
}

/** Whether `obj` is a resource of this type token: works across copies of this package, unlike instanceof. */
export function hasType(obj: unknown, type: string): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
