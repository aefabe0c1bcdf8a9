/**
 * Pulumi CrossGuard policies for video rooms ({@link HMS_ROOM_TYPE | HmsRoom},
 * {@link METERED_ROOM_TYPE | MeteredRoom}): allowed recording storage, session length, public
 * Metered rooms, RTMP out hosts and https webhooks, each with its own enforcement level and
 * settings. Needs `@pulumi/policy` (an optional peer dependency of this package).
 *
 * @packageDocumentation
 */

export {
  type EnforcementLevel,
  HTTPS_WEBHOOKS,
  type HttpsWebhooksConfig,
  METERED_PUBLIC_ROOMS,
  type MeteredPublicRoomsConfig,
  type PolicyName,
  RECORDING_STORAGE,
  type RecordingStorageConfig,
  RTMP_HOSTS,
  type RtmpHostsConfig,
  SESSION_LENGTH,
  type SessionLengthConfig,
  type StorageType,
  type VideoRoomPolicyConfig,
} from "./config";
export { videoRoomPolicies, videoRoomPolicyPack } from "./pack";
export { HMS_ROOM_TYPE, METERED_ROOM_TYPE } from "./rules";
