import { jsonReply, type Reply } from "../http/reply";

/** `{"success":false,"message":…}`, the Metered error body (metered-api.md §5). */
export function meteredError(status: number, message: string, headers?: Record<string, string>): Reply {
  return jsonReply(status, { success: false, message }, headers);
}

/**
 * An error the transport layer answers (faults, 413, 429). A 500 takes the one documented 5xx body,
 * `{"eventCode":"","message":…}` without `success` (S3's DELETE 500); the others take {@link meteredError}.
 */
export function meteredTransportError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Reply {
  if (status !== 500) return meteredError(status, message, headers);
  return jsonReply(status, { eventCode: "", message }, headers);
}

/**
 * 400 "Invalid request", exactly the documented body (S1/S3). Which field was at fault goes in an
 * `X-Emulator-Detail` header, an emulator-only aid that leaves the body as Metered's. It never
 * carries a submitted value (some, like rtmpOutURL, hold secrets), and only printable ASCII, which
 * is all a header may hold.
 */
export function invalidRequest(detail: string): Reply {
  return {
    status: 400,
    body: { success: false, message: "Invalid request" },
    headers: { "x-emulator-detail": detail.replace(/[^\x20-\x7e]/g, "?") },
  };
}

/** 400 "room not found", what community clients match on for GET/PUT/DELETE of a missing room (§5). */
export const ROOM_NOT_FOUND: Reply = meteredError(400, "room not found");

/** 400 for a name in use; the text contains "already exist", which community clients match on (§5, §7). */
export function roomExists(roomName: string): Reply {
  return meteredError(400, `Room with the name ${roomName} already exists`);
}
