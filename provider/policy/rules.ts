/**
 * The rules, as pure functions of a room's checked inputs and a policy's settings: each returns
 * its violations, every one naming the property, its value (never a secret: URLs are shown by
 * scheme and host only), what is allowed and how to fix it. Unknown values are never violations.
 */

import type { HmsRoomInputs } from "../hms/properties";
import type { HmsRoom } from "../hms/resource";
import type { MeteredRoomInputs } from "../metered/properties";
import type { MeteredRoom } from "../metered/resource";
import {
  HTTPS_WEBHOOKS,
  METERED_PUBLIC_ROOMS,
  type PolicyName,
  type PolicySettings,
  RECORDING_STORAGE,
  RTMP_HOSTS,
  SESSION_LENGTH,
} from "./config";
import {
  duration,
  hostAllowed,
  hostOf,
  isKnown,
  listed,
  shownUrl,
  type Unknowable,
  type WithUnknowns,
} from "./values";

// The type tokens, typed as the classes' own `__pulumiType`: a renamed token fails compilation
// here, and this module loads no provider code (a type import is erased).
/** Type token of {@link HmsRoom} resources, as policies see it. */
export const HMS_ROOM_TYPE: typeof HmsRoom.__pulumiType = "pulumi-nodejs:dynamic/hms:Room";
/** Type token of {@link MeteredRoom} resources, as policies see it. */
export const METERED_ROOM_TYPE: typeof MeteredRoom.__pulumiType = "pulumi-nodejs:dynamic/metered:Room";

/** A room as the rules see it: which resource, and its inputs with unknown values marked. */
export type Room =
  | { type: typeof HMS_ROOM_TYPE; inputs: WithUnknowns<HmsRoomInputs> }
  | { type: typeof METERED_ROOM_TYPE; inputs: WithUnknowns<MeteredRoomInputs> };

/** One violation: the property it is about and the message for the user. */
export interface Violation {
  /** The property's path, e.g. `recordingInfo.uploadInfo.location`. */
  property: string;
  /** What is wrong, what is allowed, and how to fix it. */
  message: string;
}

/** A rule: a room and its policy's settings in, violations out. */
export type Rule<N extends PolicyName> = (room: Room, settings: PolicySettings[N]) => Violation[];

const configHint = (policy: PolicyName, setting: string) =>
  `(or have \`${setting}\` extended in the ${policy} policy config)`;

/** HmsRoom recordings go only to allowed storage types, buckets and regions. */
export const recordingStorage: Rule<typeof RECORDING_STORAGE> = (room, settings) => {
  if (room.type !== HMS_ROOM_TYPE) return [];
  const recording = room.inputs.recordingInfo;
  if (!isKnown(recording) || recording === undefined) return [];
  const upload = recording.uploadInfo;
  if (!isKnown(upload)) return [];
  const out: Violation[] = [];
  if (upload === undefined) {
    if (settings.requireOwnStorage && recording.enabled === true) {
      out.push({
        property: "recordingInfo.uploadInfo",
        message:
          "recordingInfo.enabled is true but recordingInfo.uploadInfo is not set, so 100ms keeps the " +
          "recordings in its own storage (15 days). Allowed: your own storage only. Fix: set " +
          "recordingInfo.uploadInfo to an allowed bucket.",
      });
    }
    return out;
  }
  const check = (property: string, what: string, setting: keyof typeof settings, value: unknown) => {
    const allowed = settings[setting] as readonly string[] | undefined;
    if (allowed === undefined || !isKnown(value)) return;
    if (typeof value === "string" && allowed.includes(value)) return;
    const shown = value === undefined ? "is not set" : `is ${JSON.stringify(value)}`;
    out.push({
      property,
      message:
        `${property} ${shown}, which is not an allowed ${what}. Allowed: ${listed(allowed)}. ` +
        `Fix: set ${property} to one of them ${configHint(RECORDING_STORAGE, setting)}.`,
    });
  };
  check("recordingInfo.uploadInfo.type", "storage type", "allowedStorageTypes", upload.type);
  check("recordingInfo.uploadInfo.location", "bucket", "allowedBuckets", upload.location);
  // Azure Blob storage has no region (properties.ts): only the others are checked.
  if (upload.type !== "azure" && isKnown(upload.type)) {
    const options = upload.options;
    if (isKnown(options)) {
      check("recordingInfo.uploadInfo.options.region", "region", "allowedRegions", options?.region);
    }
  }
  return out;
};

/** Rooms set a session limit, no longer than the maximum. */
export const sessionLength: Rule<typeof SESSION_LENGTH> = (room, settings) => {
  const [property, value]: [string, Unknowable<number | undefined>] =
    room.type === HMS_ROOM_TYPE
      ? ["maxDurationSeconds", room.inputs.maxDurationSeconds]
      : ["ejectAfterElapsedTimeInSec", room.inputs.ejectAfterElapsedTimeInSec];
  if (!isKnown(value)) return [];
  const max = settings.maxSeconds;
  const limit = max === undefined ? "" : ` Allowed: at most ${duration(max)}.`;
  if (value === undefined) {
    if (!settings.required) return [];
    return [
      {
        property,
        message:
          `${property} is not set, so sessions in this room have no length limit.${limit} ` +
          `Fix: set ${property}${max === undefined ? "" : ` to ${max} or less`}.`,
      },
    ];
  }
  if (max !== undefined && value > max) {
    return [
      {
        property,
        message:
          `${property} is ${duration(value)}, longer than allowed.${limit} ` +
          `Fix: set ${property} to ${max} or less ${configHint(SESSION_LENGTH, "maxSeconds")}.`,
      },
    ];
  }
  return [];
};

/** Public Metered rooms (privacy unset or `public`) expire or cap participants. */
export const meteredPublicRooms: Rule<typeof METERED_PUBLIC_ROOMS> = (room) => {
  if (room.type !== METERED_ROOM_TYPE) return [];
  const { privacy, expireUnixSec, maxParticipants } = room.inputs;
  if (!isKnown(privacy) || privacy === "private") return [];
  if (!isKnown(expireUnixSec) || !isKnown(maxParticipants)) return [];
  if (expireUnixSec !== undefined || maxParticipants !== undefined) return [];
  const shown = privacy === undefined ? "is not set (public: the default)" : 'is "public"';
  return [
    {
      property: "privacy",
      message:
        `privacy ${shown}, so anyone with the link can join, and neither expireUnixSec nor ` +
        "maxParticipants is set. Allowed: a public room with expireUnixSec or maxParticipants, or a " +
        'private room. Fix: set expireUnixSec (when the room closes) or maxParticipants, or privacy: "private".',
    },
  ];
};

/** MeteredRoom RTMP out only to allowed hosts. The URL holds the stream key: only its host is shown. */
export const rtmpHosts: Rule<typeof RTMP_HOSTS> = (room, settings) => {
  if (room.type !== METERED_ROOM_TYPE || settings.allowedHosts === undefined) return [];
  const url = room.inputs.rtmpOutURL;
  if (!isKnown(url) || url === undefined) return [];
  const host = hostOf(url);
  if (host !== undefined && hostAllowed(host, settings.allowedHosts)) return [];
  const shown = host === undefined ? "has no host that parses" : `streams to host ${JSON.stringify(host)}`;
  return [
    {
      property: "rtmpOutURL",
      message:
        `rtmpOutURL ${shown} (the rest of the URL holds the stream key and is not shown), which is not ` +
        `an allowed RTMP host. Allowed: ${listed(settings.allowedHosts)}. Fix: stream to an allowed host ` +
        `${configHint(RTMP_HOSTS, "allowedHosts")}.`,
    },
  ];
};

const METERED_WEBHOOKS = [
  "meetingJoinWebhook",
  "meetingLeftWebhook",
  "meetingStartedWebhook",
  "meetingEndedWebhook",
] as const;

/** Webhook URLs use https: events carry meeting and participant data (and often a token in the URL). */
export const httpsWebhooks: Rule<typeof HTTPS_WEBHOOKS> = (room) => {
  const urls: [string, unknown][] = [];
  if (room.type === HMS_ROOM_TYPE) {
    const webhook = room.inputs.webhook;
    if (isKnown(webhook) && webhook !== undefined) urls.push(["webhook.url", webhook.url]);
  } else {
    for (const key of METERED_WEBHOOKS) urls.push([key, room.inputs[key]]);
  }
  const out: Violation[] = [];
  for (const [property, url] of urls) {
    if (typeof url !== "string" || /^https:/i.test(url)) continue;
    out.push({
      property,
      message:
        `${property} is ${shownUrl(url)}: not https, so events and the data in them travel unencrypted. ` +
        `Allowed: https:// URLs only. Fix: set ${property} to an https:// URL.`,
    });
  }
  return out;
};

/** Every policy's rule, by policy name. */
export const RULES: { readonly [N in PolicyName]: Rule<N> } = {
  [RECORDING_STORAGE]: recordingStorage,
  [SESSION_LENGTH]: sessionLength,
  [METERED_PUBLIC_ROOMS]: meteredPublicRooms,
  [RTMP_HOSTS]: rtmpHosts,
  [HTTPS_WEBHOOKS]: httpsWebhooks,
};
