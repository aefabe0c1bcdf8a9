/**
 * The policies' names, their configuration (what `--policy-pack-config` and the `config` argument
 * of {@link videoRoomPolicies} hold) and its defaults. One entry per policy, keyed by the policy's
 * name, exactly as in a Pulumi policy pack config file, so the same JSON works in code and on the
 * command line.
 */

/** What a violation of a policy does: advisory warns, mandatory fails the operation, disabled skips it. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** The storage providers 100ms uploads recordings to (HmsRoom `recordingInfo.uploadInfo.type`). */
export type StorageType = "s3" | "gs" | "oss" | "azure";

/** Configuration of {@link RECORDING_STORAGE}. A list left out allows any value. */
export interface RecordingStorageConfig {
  /** What a violation does. Default `advisory`. */
  enforcementLevel?: EnforcementLevel;
  /** Storage providers recordings may go to (`s3`, `gs`, `oss`, `azure`). */
  allowedStorageTypes?: StorageType[];
  /** Buckets (Azure: containers) recordings may go to, exact names. */
  allowedBuckets?: string[];
  /** Bucket regions recordings may go to, e.g. `eu-west-1` (not checked for Azure, which has none). */
  allowedRegions?: string[];
  /** Recording must upload to your own bucket, not stay with 100ms (15 days). Default false. */
  requireOwnStorage?: boolean;
}

/** Configuration of {@link SESSION_LENGTH}. */
export interface SessionLengthConfig {
  /** What a violation does. Default `advisory`. */
  enforcementLevel?: EnforcementLevel;
  /** A room must set a session limit (HmsRoom `maxDurationSeconds`, MeteredRoom `ejectAfterElapsedTimeInSec`). Default true. */
  required?: boolean;
  /** Longest session limit allowed, in seconds. Default 14400 (4 hours). */
  maxSeconds?: number;
}

/** Configuration of {@link METERED_PUBLIC_ROOMS}: only its enforcement level. */
export interface MeteredPublicRoomsConfig {
  /** What a violation does. Default `advisory`. */
  enforcementLevel?: EnforcementLevel;
}

/** Configuration of {@link RTMP_HOSTS}. */
export interface RtmpHostsConfig {
  /** What a violation does. Default `mandatory`. */
  enforcementLevel?: EnforcementLevel;
  /**
   * Hosts MeteredRoom `rtmpOutURL` may stream to: exact host names, or `*.example.com` for any
   * subdomain of example.com. Left out: any host.
   */
  allowedHosts?: string[];
}

/** Configuration of {@link HTTPS_WEBHOOKS}: only its enforcement level. */
export interface HttpsWebhooksConfig {
  /** What a violation does. Default `mandatory`. */
  enforcementLevel?: EnforcementLevel;
}

/** Name of the policy on HmsRoom recording storage (type, bucket, region). */
export const RECORDING_STORAGE = "video-rooms-recording-storage";
/** Name of the policy requiring and capping session length. */
export const SESSION_LENGTH = "video-rooms-session-length";
/** Name of the policy requiring public Metered rooms to expire or cap participants. */
export const METERED_PUBLIC_ROOMS = "video-rooms-metered-public-room-limits";
/** Name of the policy limiting where MeteredRoom RTMP out may stream to. */
export const RTMP_HOSTS = "video-rooms-rtmp-allowed-hosts";
/** Name of the policy requiring webhooks over https. */
export const HTTPS_WEBHOOKS = "video-rooms-https-webhooks";

/**
 * Configuration of the video room policies, keyed by policy name as in a `--policy-pack-config`
 * file: each entry is an enforcement level alone, or an object with `enforcementLevel` and the
 * policy's settings. What you give here is the default; a `--policy-pack-config` file overrides it.
 *
 * @example
 * ```json
 * {
 *   "video-rooms-recording-storage": { "allowedBuckets": ["acme-recordings"], "allowedRegions": ["eu-west-1"] },
 *   "video-rooms-session-length": { "enforcementLevel": "mandatory", "maxSeconds": 7200 },
 *   "video-rooms-metered-public-room-limits": "mandatory",
 *   "video-rooms-rtmp-allowed-hosts": { "allowedHosts": ["a.rtmp.youtube.com"] },
 *   "video-rooms-https-webhooks": "mandatory"
 * }
 * ```
 */
export interface VideoRoomPolicyConfig {
  /** HmsRoom recording storage: see {@link RecordingStorageConfig}. */
  [RECORDING_STORAGE]?: EnforcementLevel | RecordingStorageConfig;
  /** Session length: see {@link SessionLengthConfig}. */
  [SESSION_LENGTH]?: EnforcementLevel | SessionLengthConfig;
  /** Public Metered rooms: see {@link MeteredPublicRoomsConfig}. */
  [METERED_PUBLIC_ROOMS]?: EnforcementLevel | MeteredPublicRoomsConfig;
  /** RTMP out hosts: see {@link RtmpHostsConfig}. */
  [RTMP_HOSTS]?: EnforcementLevel | RtmpHostsConfig;
  /** Webhooks over https: see {@link HttpsWebhooksConfig}. */
  [HTTPS_WEBHOOKS]?: EnforcementLevel | HttpsWebhooksConfig;
}

/** A policy's name. */
export type PolicyName = keyof VideoRoomPolicyConfig;

/** The settings of each policy, without its enforcement level. */
export interface PolicySettings {
  /** Settings of {@link RECORDING_STORAGE}. */
  [RECORDING_STORAGE]: Omit<RecordingStorageConfig, "enforcementLevel">;
  /** Settings of {@link SESSION_LENGTH}. */
  [SESSION_LENGTH]: Omit<SessionLengthConfig, "enforcementLevel">;
  /** Settings of {@link METERED_PUBLIC_ROOMS} (none). */
  [METERED_PUBLIC_ROOMS]: Omit<MeteredPublicRoomsConfig, "enforcementLevel">;
  /** Settings of {@link RTMP_HOSTS}. */
  [RTMP_HOSTS]: Omit<RtmpHostsConfig, "enforcementLevel">;
  /** Settings of {@link HTTPS_WEBHOOKS} (none). */
  [HTTPS_WEBHOOKS]: Omit<HttpsWebhooksConfig, "enforcementLevel">;
}

/** Enforcement levels when nothing configures one: the leaks (RTMP, plain-http webhooks) block, the rest warn. */
export const DEFAULT_ENFORCEMENT: Readonly<Record<PolicyName, EnforcementLevel>> = {
  [RECORDING_STORAGE]: "advisory",
  [SESSION_LENGTH]: "advisory",
  [METERED_PUBLIC_ROOMS]: "advisory",
  [RTMP_HOSTS]: "mandatory",
  [HTTPS_WEBHOOKS]: "mandatory",
};

/** Settings when nothing configures them. */
export const DEFAULT_SETTINGS: { readonly [N in PolicyName]: Readonly<PolicySettings[N]> } = {
  [RECORDING_STORAGE]: { requireOwnStorage: false },
  [SESSION_LENGTH]: { required: true, maxSeconds: 14400 },
  [METERED_PUBLIC_ROOMS]: {},
  [RTMP_HOSTS]: {},
  [HTTPS_WEBHOOKS]: {},
};

/** A JSON schema of one policy setting (the subset Pulumi validates policy config with). */
export interface SettingSchema {
  /** JSON type. */
  type: "array" | "boolean" | "integer" | "string";
  /** What the setting does (shown by `pulumi policy` tooling). */
  description: string;
  /** Array item schema. */
  items?: { type: "string"; enum?: string[]; minLength?: number };
  /** Smallest value of an integer. */
  minimum?: number;
  /** Default value, filled in by the engine when the config leaves the setting out. */
  default?: boolean | number | string[];
}

const STRINGS = { type: "string" as const, minLength: 1 };

/** The config schema of each policy's settings (`enforcementLevel` is Pulumi's own, never listed). */
export const SETTINGS_SCHEMA: { readonly [N in PolicyName]: Record<keyof PolicySettings[N], SettingSchema> } =
  {
    [RECORDING_STORAGE]: {
      allowedStorageTypes: {
        type: "array",
        items: { type: "string", enum: ["s3", "gs", "oss", "azure"] },
        description: "Storage providers recordings may go to; left out: any.",
      },
      allowedBuckets: {
        type: "array",
        items: STRINGS,
        description: "Buckets (Azure: containers) recordings may go to; left out: any.",
      },
      allowedRegions: {
        type: "array",
        items: STRINGS,
        description: "Bucket regions recordings may go to (not checked for Azure); left out: any.",
      },
      requireOwnStorage: {
        type: "boolean",
        description: "Enabled recording must upload to your own bucket (recordingInfo.uploadInfo).",
      },
    },
    [SESSION_LENGTH]: {
      required: {
        type: "boolean",
        description:
          "Rooms must set maxDurationSeconds (HmsRoom) or ejectAfterElapsedTimeInSec (MeteredRoom).",
      },
      maxSeconds: { type: "integer", minimum: 1, description: "Longest session limit allowed, in seconds." },
    },
    [METERED_PUBLIC_ROOMS]: {},
    [RTMP_HOSTS]: {
      allowedHosts: {
        type: "array",
        items: STRINGS,
        description:
          "Hosts rtmpOutURL may stream to (exact, or *.example.com for subdomains); left out: any.",
      },
    },
    [HTTPS_WEBHOOKS]: {},
  };

/** Splits one policy's entry into its enforcement level and its settings. */
export function splitEntry<N extends PolicyName>(
  entry: VideoRoomPolicyConfig[N] | undefined,
): { enforcementLevel?: EnforcementLevel; settings: PolicySettings[N] } {
  if (entry === undefined) return { settings: {} as PolicySettings[N] };
  if (typeof entry === "string") return { enforcementLevel: entry, settings: {} as PolicySettings[N] };
  const { enforcementLevel, ...settings } = entry as { enforcementLevel?: EnforcementLevel };
  return { enforcementLevel, settings: settings as PolicySettings[N] };
}
