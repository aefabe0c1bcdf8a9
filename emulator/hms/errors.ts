import { jsonReply, type Reply } from "../http/reply";

/** The 100ms error body `{code, message, details}` (hms-api.md §9.2). */
export function hmsError(
  status: number,
  message: string,
  detail: string = message,
  headers?: Record<string, string>,
): Reply {
  return jsonReply(status, { code: status, message, details: [detail] }, headers);
}

/** 400 "Invalid body param" with the documented `Invalid body param: …` detail (hms-api.md §9.3). */
export function invalidBodyParam(detail: string): Reply {
  return hmsError(400, "Invalid body param", `Invalid body param: ${detail}`);
}

/** 400 "Invalid query param" for list filters. */
export function invalidQueryParam(name: string): Reply {
  return hmsError(400, "Invalid query param", `Invalid query param: ${name}`);
}

/** 404 for an unknown room id (hms-api.md §14.17, as the room-code pages word it). */
export const ROOM_NOT_FOUND: Reply = hmsError(404, "Room not found");
