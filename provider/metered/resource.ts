import * as pulumi from "@pulumi/pulumi";
import { hasType, type ResourceShape, roomRegistration } from "../core/program/resource";
import type { InputsOf, OutputsOf } from "../core/program/types-of";
import {
  METERED_NAME_CHARS,
  METERED_NAMES,
  type MeteredRoomInputs,
  meteredFields,
  meteredRoomSchema,
} from "./properties";

/** Arguments of a {@link MeteredRoom}. Every property changes in place, `roomName` included. */
export type MeteredRoomArgs = InputsOf<MeteredRoomInputs>;

// The provider module's exports object itself, so the SDK serializes it as a `require` of the
// installed module (and caches that text once for every MeteredRoom).
import provider = require("./provider");

const SHAPE: ResourceShape = {
  ...METERED_NAMES,
  schema: meteredRoomSchema,
  fields: meteredFields,
  computed: ["roomId", "appId", "created", "roomUrl"],
  disallowedNameChars: new RegExp(`[^${METERED_NAME_CHARS}]`, "g"),
};

/**
 * The outputs of a MeteredRoom for its properties, with their docs, derived from the properties
 * (`adopt` only matters at create, so it is no output); the class adds the computed ones.
 */
interface MeteredRoomPropertyOutputs extends Omit<OutputsOf<MeteredRoomInputs>, "adopt" | "roomName"> {}

/**
 * A Metered meeting room (https://www.metered.ca/docs/rest-api/update-room-api).
 *
 * Every property changes in place, including `roomName` (the room keeps its id). Credentials come
 * from stack config (`metered:appName`, `metered:secretKey`) or `METERED_*` environment variables.
 *
 * @example
 * ```ts
 * const webinar = new MeteredRoom("webinar", { privacy: "private", enableChat: true });
 * export const joinUrl = webinar.roomUrl;
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface only declares outputs the engine sets.
export class MeteredRoom extends pulumi.dynamic.Resource {
  /** The type token (the engine sets it on every instance as `__pulumiType`). */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/metered:Room";

  /** Metered's id of the room (`_id`); also the resource id, stable across renames. */
  declare readonly roomId: pulumi.Output<string>;
  /** Id of the Metered app the room belongs to. */
  declare readonly appId: pulumi.Output<string>;
  /** When Metered created the room (ISO 8601). */
  declare readonly created: pulumi.Output<string>;
  /** Join URL: `https://<app>.metered.live/<roomName>`. */
  declare readonly roomUrl: pulumi.Output<string>;
  /** The room name (the generated one when `roomName` was not set). */
  declare readonly roomName: pulumi.Output<string>;

  /** Whether the given object is a MeteredRoom (works across copies of this package). */
  static override isInstance(obj: unknown): obj is MeteredRoom {
    return hasType(obj, MeteredRoom.__pulumiType);
  }

  /**
   * Reads an existing room into the program without managing it (`pulumi refresh` keeps it
   * current; destroy never touches it). To bring an existing room under management, use
   * `adopt: true` instead: `pulumi import` cannot work for dynamic resources.
   *
   * @param name Logical name of the read-only reference.
   * @param id The room id (Metered `_id`).
   * @param opts Resource options.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): MeteredRoom {
    return new MeteredRoom(name, {}, { ...opts, id });
  }

  /**
   * @param name Logical name; also the base of the generated room name when `args.roomName` is not set.
   * @param args The room's properties.
   * @param opts Resource options (`protect`, `ignoreChanges`, `retainOnDelete`, ... behave as usual).
   */
  constructor(name: string, args: MeteredRoomArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const room = roomRegistration(name, args, opts, SHAPE);
    super(provider, name, room.props, room.opts, "metered", "Room");
    room.report(this);
  }
}

// The class and this interface merge: the interface adds the property outputs to the class.
export interface MeteredRoom extends MeteredRoomPropertyOutputs {}
