/**
 * Pulumi resources for video rooms: {@link HmsRoom} and {@link HmsTemplate} (100ms), and
 * {@link MeteredRoom} (Metered).
 *
 * @packageDocumentation
 */

export { ApiError, type ApiErrorKind } from "./core/http/errors";
export { HmsRoom, type HmsRoomArgs } from "./hms/resource";
export { HmsTemplate, type HmsTemplateArgs } from "./hms-template/resource";
export { MeteredRoom, type MeteredRoomArgs } from "./metered/resource";
