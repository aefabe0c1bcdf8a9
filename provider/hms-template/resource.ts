import * as pulumi from "@pulumi/pulumi";
import { hasType, type ResourceShape, roomRegistration } from "../core/program/resource";
import type { InputsOf, OutputsOf } from "../core/program/types-of";
import { linkTemplate } from "../hms/template-link";
import {
  HMS_TEMPLATE_NAME_CHARS,
  HMS_TEMPLATE_NAMES,
  type HmsTemplateInputs,
  hmsTemplateFields,
  hmsTemplateSchema,
} from "./properties";

/** Arguments of an {@link HmsTemplate}. Every property changes in place: no change replaces the template. */
export type HmsTemplateArgs = InputsOf<HmsTemplateInputs>;

// The provider module's exports object itself, so the SDK serializes it as a `require` of the
// installed module (and caches that text once for every HmsTemplate).
import provider = require("./provider");

const SHAPE: ResourceShape = {
  ...HMS_TEMPLATE_NAMES,
  schema: hmsTemplateSchema,
  fields: hmsTemplateFields,
  computed: ["templateId", "customerId", "roleNames", "createdAt", "updatedAt"],
  disallowedNameChars: new RegExp(`[^${HMS_TEMPLATE_NAME_CHARS}]`, "g"),
};

/** Said at every preview of a template that `pulumi destroy` would leave in the workspace. */
const NO_DELETE =
  "100ms has no API to delete a template: `pulumi destroy` (or removing this resource) only removes it " +
  "from the stack, and the template stays in the 100ms workspace, where the dashboard can delete it. " +
  "Set the `retainOnDelete: true` option to say that is intended; it also silences this warning.";

/**
 * The outputs of an HmsTemplate for its properties, with their docs, derived from the properties
 * (`adopt` only matters at create, so it is no output); the class adds the computed ones.
 */
interface HmsTemplatePropertyOutputs extends Omit<OutputsOf<HmsTemplateInputs>, "adopt" | "name"> {}

/**
 * A 100ms template (https://www.100ms.live/docs/server-side/v2/api-reference/policy/template-object):
 * the roles (who may publish and see what), region, recording storage and destinations that the
 * rooms using it share. Give a room the template with `templateId: template.templateId`.
 *
 * Every property changes in place, each part through its own endpoint where 100ms has one; only the
 * properties the program sets are managed, so what the dashboard sets elsewhere stays. 100ms has no
 * delete for templates: `pulumi destroy` leaves the template in the workspace (a warning at every
 * preview says so unless `retainOnDelete: true`). Credentials come from the same stack config or
 * `HMS_*` environment variables as {@link HmsRoom}'s.
 *
 * @example
 * ```ts
 * const school = new HmsTemplate("school", {
 *   roles: {
 *     teacher: { publishParams: { allowed: ["audio", "video", "screen"] }, permissions: { endRoom: true } },
 *     student: { publishParams: { allowed: ["audio"] }, subscribeParams: { subscribeToRoles: ["teacher"] } },
 *   },
 * }, { retainOnDelete: true });
 * const room = new HmsRoom("maths", { templateId: school.templateId });
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface only declares outputs the engine sets.
export class HmsTemplate extends pulumi.dynamic.Resource {
  /** The type token (the engine sets it on every instance as `__pulumiType`). */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/hms:Template";

  /** The template's id (24 hex characters), what `HmsRoom.templateId` takes. Same as `id`. */
  declare readonly templateId: pulumi.Output<string>;
  /** The 100ms workspace (customer) the template belongs to. */
  declare readonly customerId: pulumi.Output<string>;
  /** The names of every role the template has, sorted (roles added in the dashboard included). */
  declare readonly roleNames: pulumi.Output<string[]>;
  /** When 100ms created the template (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When 100ms last updated the template (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
  /** The template name (the generated one when `name` was not set). */
  declare readonly name: pulumi.Output<string>;

  /** Whether the given object is an HmsTemplate (works across copies of this package). */
  static override isInstance(obj: unknown): obj is HmsTemplate {
    return hasType(obj, HmsTemplate.__pulumiType);
  }

  /**
   * Reads an existing template into the program without managing it (`pulumi refresh` keeps it
   * current). To bring an existing template under management, use `adopt: true` instead.
   *
   * @param name Logical name of the read-only reference.
   * @param id The template id.
   * @param opts Resource options.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): HmsTemplate {
    return new HmsTemplate(name, {}, { ...opts, id });
  }

  /**
   * @param name Logical name; also the base of the generated template name when `args.name` is not set.
   * @param args The template's properties.
   * @param opts Resource options (`protect`, `ignoreChanges`, `retainOnDelete`, ... behave as usual).
   */
  constructor(name: string, args: HmsTemplateArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Storage credentials and RTMP stream URLs are secrets even when passed as plain strings; the
    // engine marks secrets per top-level property, so `settings` and `destinations` are kept secret.
    const template = roomRegistration(name, args, opts, SHAPE);
    super(provider, name, template.props, template.opts, "hms", "Template");
    template.report(this);
    // Rooms whose templateId is this template's id (or templateId) get a code for every role the
    // program gives it at the same `up` (roomCodes): the names are known at preview, unlike outputs.
    if (args.roles !== undefined) {
      const roles = pulumi.output(args.roles).apply((set) => Object.keys(set ?? {}).sort());
      linkTemplate(this.id, roles);
      linkTemplate(this.templateId, roles);
    }
    if (opts?.id === undefined && opts?.retainOnDelete !== true) void pulumi.log.warn(NO_DELETE, this);
  }
}

// The class and this interface merge: the interface adds the property outputs to the class.
export interface HmsTemplate extends HmsTemplatePropertyOutputs {}
