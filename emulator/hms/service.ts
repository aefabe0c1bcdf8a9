import type { ServiceModule } from "../service";
import { unverifiedAccessKey } from "./auth";
import { HMS_SETTINGS, type HmsOptions, hmsConfig } from "./config";
import { hmsError } from "./errors";
import { hmsRoomTable, isSavedHmsRoom } from "./records";
import { hmsRoutes } from "./rooms";
import { hmsRedactedView } from "./view";

/** The 100ms part of the ready line: what a client needs to sign management tokens and pick a template. */
export interface HmsReadyInfo {
  accessKey: string;
  appSecret: string;
  templates: { id: string; name: string }[];
}

/** The 100ms rooms API, served under `/v2`. */
export const hms: ServiceModule<"hms", HmsOptions, HmsReadyInfo> = {
  name: "hms",
  title: "100ms",
  prefix: "/v2",
  settings: HMS_SETTINGS,
  isSavedRoom: isSavedHmsRoom,
  start(settings, commit) {
    const config = hmsConfig(settings);
    const rooms = hmsRoomTable();
    return {
      ready: {
        accessKey: config.accessKey,
        appSecret: config.appSecret,
        templates: config.templates.map(({ id, name }) => ({ id, name })),
      },
      rooms,
      redactedRooms: () => rooms.all().map((room) => hmsRedactedView(room, config)),
      credentialKey: (headers) => `hms:${unverifiedAccessKey(headers.authorization) ?? ""}`,
      errorReply: (status, message, headers) => hmsError(status, message, message, headers),
      handle: hmsRoutes(config, rooms, commit),
    };
  },
};
