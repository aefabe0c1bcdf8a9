/**
 * The rules as CrossGuard policies: {@link videoRoomPolicies} for a pack of your own (beside your
 * other policies), {@link videoRoomPolicyPack} for a pack of only these.
 */
import {
  PolicyPack,
  type PolicyPackArgs,
  type ResourceValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import { HMS_NAMES } from "../hms/properties";
import { METERED_NAMES } from "../metered/properties";
import {
  DEFAULT_ENFORCEMENT,
  DEFAULT_SETTINGS,
  HTTPS_WEBHOOKS,
  METERED_PUBLIC_ROOMS,
  type PolicyName,
  type PolicySettings,
  RECORDING_STORAGE,
  RTMP_HOSTS,
  SESSION_LENGTH,
  SETTINGS_SCHEMA,
  type SettingSchema,
  splitEntry,
  type VideoRoomPolicyConfig,
} from "./config";
import { HMS_ROOM_TYPE, METERED_ROOM_TYPE, type Room, RULES } from "./rules";
import { readInputs } from "./values";

const DESCRIPTIONS: Readonly<Record<PolicyName, string>> = {
  [RECORDING_STORAGE]: "HmsRoom recordings are uploaded only to allowed storage types, buckets and regions.",
  [SESSION_LENGTH]:
    "Video rooms limit session length (HmsRoom maxDurationSeconds, MeteredRoom ejectAfterElapsedTimeInSec), up to a maximum.",
  [METERED_PUBLIC_ROOMS]: "Public MeteredRooms expire (expireUnixSec) or cap participants (maxParticipants).",
  [RTMP_HOSTS]: "MeteredRoom RTMP out (rtmpOutURL) streams only to allowed hosts.",
  [HTTPS_WEBHOOKS]: "Video room webhooks use https.",
};

const KIND = { [HMS_ROOM_TYPE]: HMS_NAMES.kind, [METERED_ROOM_TYPE]: METERED_NAMES.kind } as const;

// Values the engine does not know yet reach a policy as a proxy that throws this on read.
const isUnknownError = (err: unknown) => err instanceof UnknownValueError;

function policy<N extends PolicyName>(name: N, config: VideoRoomPolicyConfig): ResourceValidationPolicy {
  const { enforcementLevel, settings } = splitEntry<N>(config[name]);
  const defaults = { ...(DEFAULT_SETTINGS[name] as object), ...(settings as object) } as PolicySettings[N];
  const properties = Object.fromEntries(
    Object.entries(SETTINGS_SCHEMA[name] as Record<string, SettingSchema>).map(([key, schema]) => {
      const value = (defaults as Record<string, unknown>)[key];
      return [key, value === undefined ? schema : { ...schema, default: value as SettingSchema["default"] }];
    }),
  );
  return {
    name,
    description: DESCRIPTIONS[name],
    enforcementLevel: enforcementLevel ?? DEFAULT_ENFORCEMENT[name],
    configSchema: { properties },
    validateResource: (args, reportViolation) => {
      if (args.type !== HMS_ROOM_TYPE && args.type !== METERED_ROOM_TYPE) return;
      // The engine fills in the schema's defaults (the code's config); merged again for safety.
      const effective: PolicySettings[N] = { ...defaults, ...(args.getConfig() as object) };
      // Secret inputs (rtmpOutURL; HmsRoom's whole recordingInfo and webhook) arrive unwrapped:
      // @pulumi/policy hands policies plain values. Messages show no secret (see rules.ts).
      const room = { type: args.type, inputs: readInputs(args.props, isUnknownError) } as Room;
      for (const violation of RULES[name](room, effective)) {
        reportViolation(`${KIND[args.type]} ${violation.message}`);
      }
    },
  };
}

/**
 * The video room policies, to put in a policy pack of your own:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { videoRoomPolicies } from "pulumi-video-rooms/policy";
 *
 * new PolicyPack("acme", {
 *   policies: [
 *     ...videoRoomPolicies({ "video-rooms-rtmp-allowed-hosts": { allowedHosts: ["a.rtmp.youtube.com"] } }),
 *     // ...your other policies
 *   ],
 * });
 * ```
 *
 * @param config Each policy's enforcement level and settings, keyed by policy name (see
 *   {@link VideoRoomPolicyConfig}): the pack's defaults. `pulumi preview|up --policy-pack-config
 *   <file>` overrides them per run; the file has the same shape.
 * @returns One policy per rule, named `video-rooms-*`.
 */
export function videoRoomPolicies(config: VideoRoomPolicyConfig = {}): ResourceValidationPolicy[] {
  return [
    policy(RECORDING_STORAGE, config),
    policy(SESSION_LENGTH, config),
    policy(METERED_PUBLIC_ROOMS, config),
    policy(RTMP_HOSTS, config),
    policy(HTTPS_WEBHOOKS, config),
  ];
}

/**
 * A ready policy pack of the video room policies: the whole `index.ts` of a pack folder
 * (`PulumiPolicy.yaml` with `runtime: nodejs`) can be `videoRoomPolicyPack("video-rooms")`.
 *
 * @param name The pack's name (letters, digits, `-`, `_`, `.`).
 * @param config As for {@link videoRoomPolicies}.
 * @param args More pack settings (description, tags, ...), except its policies.
 * @returns The pack; constructing it starts serving it to the engine.
 */
export function videoRoomPolicyPack(
  name: string,
  config: VideoRoomPolicyConfig = {},
  args: Omit<PolicyPackArgs, "policies"> = {},
): PolicyPack {
  return new PolicyPack(name, { ...args, policies: videoRoomPolicies(config) });
}
