import * as pulumi from "@pulumi/pulumi";
import { secretProperties } from "../core/dynamic/fields";
import { hasType, roomOptions, roomProps, withSecrets } from "../core/dynamic/resource";
import type { InputsOf } from "../core/dynamic/types";
import { hmsFields } from "./fields";
import { HMS_NAME_CHARS, type HmsRoomInputs } from "./schema";

/** Arguments of an {@link HmsRoom}. Every property changes in place: no change replaces the room. */
export type HmsRoomArgs = InputsOf<HmsRoomInputs>;

// The provider module's exports object itself, so the SDK serializes it as a `require` of the
// installed module (and caches that text once for every HmsRoom).
import provider = require("./provider");

const SECRET = secretProperties(hmsFields);
const OUTPUTS = ["roomId", "customerId", "templateName", "createdAt", "updatedAt"] as const;
const ARG_NAMES = [
  "name",
  "description",
  "templateId",
  "region",
  "recordingInfo",
  "size",
  "largeRoom",
  "maxDurationSeconds",
  "webhook",
  "polls",
  "enabled",
  "adopt",
] as const satisfies readonly (keyof HmsRoomArgs)[];

/** Characters 100ms does not accept in a room name. */
const DISALLOWED = new RegExp(`[^${HMS_NAME_CHARS}]`, "g");

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
  /** The room description. */
  declare readonly description: pulumi.Output<string>;
  /** The template id in use (the workspace default when `templateId` was not set). */
  declare readonly templateId: pulumi.Output<string>;
  /** The room's region. */
  declare readonly region: pulumi.Output<string>;
  /** Recording settings; secret, since they may hold storage credentials. */
  declare readonly recordingInfo: pulumi.Output<HmsRoomInputs["recordingInfo"]>;
  /** Peer limit. */
  declare readonly size: pulumi.Output<number | undefined>;
  /** Whether the room allows more than 2500 peers. */
  declare readonly largeRoom: pulumi.Output<boolean | undefined>;
  /** Longest session, in seconds. */
  declare readonly maxDurationSeconds: pulumi.Output<number | undefined>;
  /** Room-level webhook; secret, since its headers usually carry a shared secret. */
  declare readonly webhook: pulumi.Output<HmsRoomInputs["webhook"]>;
  /** Linked poll ids. */
  declare readonly polls: pulumi.Output<string[] | undefined>;
  /** Whether peers can join. */
  declare readonly enabled: pulumi.Output<boolean>;

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
    // Storage credentials and webhook headers are secrets even when passed as plain strings. The
    // engine marks secrets per top-level property, so the whole object is kept secret, in inputs
    // and in outputs.
    super(
      provider,
      name,
      roomProps(name, withSecrets(pick(args), SECRET), [...OUTPUTS, ...ARG_NAMES], DISALLOWED),
      roomOptions(opts, SECRET),
      "hms",
      "Room",
    );
  }
}

function pick(args: HmsRoomArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ARG_NAMES) if (args[key] !== undefined) out[key] = args[key];
  return out;
}
