import * as pulumi from "@pulumi/pulumi";
import { hasType, type ResourceShape, roomRegistration } from "../core/program/resource";
import type { InputsOf, OutputsOf } from "../core/program/types-of";
import { encode } from "../core/state-keys";
import { HMS_NAME_CHARS, HMS_NAMES, type HmsRoomInputs, hmsFields, hmsRoomSchema } from "./properties";
import { linkedTemplateRoles } from "./template-link";

/** Arguments of an {@link HmsRoom}. Every property changes in place: no change replaces the room. */
export type HmsRoomArgs = InputsOf<HmsRoomInputs>;

// The provider module's exports object itself, so the SDK serializes it as a `require` of the
// installed module (and caches that text once for every HmsRoom).
import provider = require("./provider");

const SHAPE: ResourceShape = {
  ...HMS_NAMES,
  schema: hmsRoomSchema,
  fields: hmsFields,
  computed: ["roomId", "customerId", "templateName", "createdAt", "updatedAt", "joinUrls"],
  disallowedNameChars: new RegExp(`[^${HMS_NAME_CHARS}]`, "g"),
  // A room code (and so a link holding one) lets anyone in.
  secretOutputs: ["roomCodes", "joinUrls"],
};

/**
 * The outputs of an HmsRoom for its properties, with their docs, derived from the properties
 * (`adopt` only matters at create, so it is no output); the class adds the computed ones.
 */
interface HmsRoomPropertyOutputs extends Omit<OutputsOf<HmsRoomInputs>, "adopt" | "name" | "roomCodes"> {}

/**
 * A 100ms room (https://www.100ms.live/docs/server-side/v2/api-reference/Rooms/object).
 *
 * Every property changes in place; `pulumi destroy` disables the room (100ms has no delete).
 * Credentials come from stack config (`hms:accessKey` + `hms:appSecret`, or `hms:managementToken`)
 * or the `HMS_*` environment variables, never from resource inputs.
 *
 * @example
 * ```ts
 * const lobby = new HmsRoom("lobby", { region: "eu", description: "Daily stand-up" });
 * export const roomId = lobby.roomId;
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface only declares outputs the engine sets.
export class HmsRoom extends pulumi.dynamic.Resource {
  /** The type token (the engine sets it on every instance as `__pulumiType`). */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/hms:Room";

  /** The room's id (24 hex characters): what apps store and join with. Same as `id`. */
  declare readonly roomId: pulumi.Output<string>;
  /** The 100ms workspace (customer) the room belongs to. */
  declare readonly customerId: pulumi.Output<string>;
  /** Name of the template the room uses. */
  declare readonly templateName: pulumi.Output<string>;
  /** When 100ms created the room (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When 100ms last updated the room (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
  /** The room name (the generated one when `name` was not set). */
  declare readonly name: pulumi.Output<string>;
  /**
   * With `roomCodes: true`: each role of the room's template with its enabled room code, e.g.
   * `{ host: "abc-defg-hij", guest: "klm-nopq-rst" }`; `null` for a role whose code is missing or
   * must still be disabled (the next `pulumi up` fixes it). Codes of roles the template no longer
   * has are disabled and left out. `null` when the stack does not manage the codes. A secret in
   * state: a code is enough to join the room in its role.
   */
  declare readonly roomCodes: pulumi.Output<Record<string, string | null> | null>;
  /**
   * With `roomCodes: true` and the stack config `hms:prebuiltSubdomain` (or the
   * `HMS_PREBUILT_SUBDOMAIN` environment variable) set: each role with a code and its Prebuilt
   * join link, `https://<subdomain>.app.100ms.live/meeting/<code>`. The subdomain is the one the
   * 100ms dashboard shows for your template: templates made through the API have none (100ms
   * documents no way to read or set it). `null` without a subdomain. A secret, as the codes are.
   * A changed subdomain shows at the next `pulumi refresh` or update of the room.
   */
  declare readonly joinUrls: pulumi.Output<Record<string, string> | null>;

  /** Whether the given object is an HmsRoom (works across copies of this package). */
  static override isInstance(obj: unknown): obj is HmsRoom {
    return hasType(obj, HmsRoom.__pulumiType);
  }

  /**
   * Reads an existing room into the program without managing it (`pulumi refresh` keeps it
   * current; destroy never touches it). To bring an existing room under management, use
   * `adopt: true` instead: `pulumi import` cannot work for dynamic resources.
   *
   * @param name Logical name of the read-only reference.
   * @param id The room id (100ms room id).
   * @param opts Resource options.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): HmsRoom {
    return new HmsRoom(name, {}, { ...opts, id });
  }

  /**
   * @param name Logical name; also the base of the generated room name when `args.name` is not set.
   * @param args The room's properties.
   * @param opts Resource options (`protect`, `ignoreChanges`, `retainOnDelete`, ... behave as usual).
   */
  constructor(name: string, args: HmsRoomArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Storage credentials and webhook headers are secrets even when passed as plain strings; the
    // engine marks secrets per top-level property, so their whole objects are kept secret.
    const room = roomRegistration(name, args, opts, SHAPE);
    // A template of the same program: its role names travel as an internal input, so adding a
    // role changes this room's inputs and its update makes the role's code (template-link.ts).
    const templateRoles = linkedTemplateRoles(args.templateId);
    const props = templateRoles ? encode(room.props, { templateRoles }) : room.props;
    super(provider, name, props, room.opts, "hms", "Room");
    room.report(this);
  }
}

// The class and this interface merge: the interface adds the property outputs to the class.
export interface HmsRoom extends HmsRoomPropertyOutputs {}
