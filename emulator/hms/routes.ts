import type { Reply } from "../http/reply";
import type { RoomTable } from "../room-table";
import type { ApiRequest } from "../service";
import { checkManagementToken } from "./auth";
import type { HmsConfig } from "./config";
import { hmsError } from "./errors";
import type { HmsRoomCodeRecord, HmsRoomRecord, HmsTemplateRecord } from "./records";
import { roomCodeRoutes } from "./room-codes";
import { roomRoutes } from "./rooms";
import { templateRoutes } from "./templates";

/** One route below `/v2`: the methods it serves and its handler (called after auth). */
export interface HmsRoute {
  readonly allow: readonly string[];
  handle(req: ApiRequest): Promise<Reply>;
}

/** Finds the route of decoded path segments below `/v2`; `undefined` when there is none. */
export type RouteMatcher = (segments: string[]) => HmsRoute | undefined;

/** The tables the 100ms service keeps beside its rooms. */
export interface HmsCollections {
  readonly templates: RoomTable<HmsTemplateRecord>;
  readonly roomCodes: RoomTable<HmsRoomCodeRecord>;
}

/**
 * The 100ms API below `/v2`: rooms, templates and room codes. Unknown routes are 404 and other
 * methods 405 before the token is checked, so a typo in a path reads as such.
 */
export function hmsRoutes(
  config: HmsConfig,
  rooms: RoomTable<HmsRoomRecord>,
  commit: () => Promise<void>,
  { templates, roomCodes }: HmsCollections,
): (req: ApiRequest) => Promise<Reply> {
  const matchers: RouteMatcher[] = [
    roomRoutes(config, rooms, commit, templates),
    templateRoutes(config, templates, commit),
    roomCodeRoutes(rooms, templates, roomCodes, commit),
  ];
  return async (req) => {
    const segments = req.segments;
    if (segments === null) return hmsError(400, "Invalid path", "path is not valid percent-encoding");
    const route = matchers.reduce<HmsRoute | undefined>(
      (found, match) => found ?? match(segments),
      undefined,
    );
    if (!route) return hmsError(404, "Not found", "no such route");
    if (!route.allow.includes(req.method)) {
      const allow = route.allow.join(", ");
      return hmsError(405, "Method not allowed", `allowed methods: ${allow}`, { Allow: allow });
    }
    const authError = checkManagementToken(req.headers.authorization, config, Date.now() / 1000);
    return authError ?? route.handle(req);
  };
}
