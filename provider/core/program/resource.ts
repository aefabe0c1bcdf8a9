import * as pulumi from "@pulumi/pulumi";
import { type Plain, pick } from "../plain";
import { type FieldTable, secretProperties } from "../properties/field";
import { encode } from "../state-keys";
import { autoName, autoNameSuffix } from "./autoname";
import { type PreflightShape, preflight } from "./preflight";

/** What a resource class tells the shared program-side code about its resource. */
export interface ResourceShape extends PreflightShape {
  /** The property table (from the service's properties.ts): argument names and secrecy. */
  fields: FieldTable;
  /** The outputs the service computes (ids, URLs, timestamps), beside the properties. */
  computed: readonly string[];
  /** Characters the service does not accept in a name: replaced in generated names. */
  disallowedNameChars: RegExp;
  /**
   * Outputs that hold a secret the service made (room codes, join links): secret in state, while
   * an input of the same name (`roomCodes: true`) stays plain.
   */
  secretOutputs?: readonly string[];
}

/** What a resource class passes to `dynamic.Resource`, and what it does once registration started. */
export interface RoomRegistration {
  props: Plain;
  opts: pulumi.CustomResourceOptions;
  /** Reports the program's check of the inputs against the resource (core/program/preflight.ts). */
  report(resource: pulumi.Resource): void;
}

/**
 * A room's registration: its props and options, checked by the program first so that one preview
 * reports every invalid room. The class calls `report(this)` right after `super`.
 */
export function roomRegistration(
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  shape: ResourceShape,
): RoomRegistration {
  const checked = preflight(name, args, shape, opts);
  return {
    props: roomInputs(name, args, shape, checked.verdict),
    opts: roomOptions(opts, shape),
    report: checked.report,
  };
}

/**
 * The props handed to `dynamic.Resource`: the program's args (only the resource's properties:
 * a stray key from a spread object never reaches the provider), secret ones wrapped in
 * `pulumi.secret`, the generated name, and every output seeded as undefined so the engine exposes
 * it (pulumi-dynamic.md pitfall 8). A fresh object each time: `dynamic.Resource` writes
 * `__provider` into the object it is given.
 */
function roomInputs(
  name: string,
  args: object,
  shape: ResourceShape,
  reportedInvalid: Promise<boolean>,
): Plain {
  const names = Object.keys(shape.fields);
  const given = pick(args as Plain, names);
  // Secret even when passed as a plain string: encrypted in state as an input too.
  for (const key of secretProperties(shape.fields)) {
    if (given[key] !== undefined) given[key] = pulumi.secret(given[key]);
  }
  const seeded = Object.fromEntries([...shape.computed, ...names].map((key) => [key, undefined]));
  const suffix = autoNameSuffix(pulumi.getProject(), pulumi.getStack(), name);
  return encode(
    { ...seeded, ...given },
    { autoName: autoName(name, suffix, shape.disallowedNameChars), reportedInvalid },
  );
}

/**
 * The caller's options plus what every room needs: its secret outputs, and delete-before-replace
 * unless the caller chose otherwise. A replacement (`pulumi up --replace`, `replaceOnChanges`)
 * re-creates the room under the same name, and create takes over a room found under its own name,
 * so creating first would hand back the old room, which the engine's delete of the old resource
 * would then disable (100ms) or delete (Metered).
 */
function roomOptions(
  opts: pulumi.CustomResourceOptions | undefined,
  shape: ResourceShape,
): pulumi.CustomResourceOptions {
  const secret = [...secretProperties(shape.fields), ...(shape.secretOutputs ?? [])];
  return {
    ...opts,
    deleteBeforeReplace: opts?.deleteBeforeReplace ?? true,
    additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secret])],
  };
}

/** Whether `obj` is a resource of this type token: works across copies of this package, unlike instanceof. */
export function hasType(obj: unknown, type: string): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
