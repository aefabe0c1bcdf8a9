/**
 * Pulumi resources for video rooms: {@link HmsRoom} (100ms) and {@link MeteredRoom} (Metered).
 *
 * @packageDocumentation
 */

export { ApiError, type ApiErrorKind } from "./core/http/errors";
export { HmsRoom, type HmsRoomArgs } from "./hms/resource";
export { MeteredRoom, type MeteredRoomArgs } from "./metered/resource";
