import type { ServiceModule } from "../service";
import { METERED_SETTINGS, type MeteredOptions, meteredConfig } from "./config";
import { meteredTransportError } from "./errors";
import { isSavedMeteredRoom, meteredRoomTable } from "./records";
import { meteredRoutes } from "./rooms";
import { meteredRedactedView } from "./view";

/** The Metered part of the ready line. */
export interface MeteredReadyInfo {
  appName: string;
  secretKey: string;
}

/** The Metered meeting-room API, served under `/api/v1`. */
export const metered: ServiceModule<"metered", MeteredOptions, MeteredReadyInfo> = {
  name: "metered",
  title: "Metered",
  prefix: "/api/v1",
  settings: METERED_SETTINGS,
  isSavedRoom: isSavedMeteredRoom,
  start(settings, commit) {
    const config = meteredConfig(settings);
    const rooms = meteredRoomTable();
    return {
      ready: { appName: config.appName, secretKey: config.secretKey },
      rooms,
      redactedRooms: () => rooms.all().map((room) => meteredRedactedView(room, config)),
      credentialKey: (_headers, query) => `metered:${query.get("secretKey") ?? ""}`,
      errorReply: meteredTransportError,
      handle: meteredRoutes(config, rooms, commit),
    };
  },
};
