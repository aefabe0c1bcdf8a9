import type { ServiceModule } from "../service";
import { METERED_SETTINGS, type MeteredConfig, meteredConfig } from "./config";
import { meteredTransportError } from "./errors";
import type { MeteredRoomRecord } from "./records";
import { meteredRoutes } from "./rooms";
import { meteredRedactedView } from "./view";

/** The Metered part of the ready line. */
export interface MeteredReadyInfo {
  appName: string;
  secretKey: string;
}

/** The Metered meeting-room API, served under `/api/v1`. */
export const metered: ServiceModule<
  "metered",
  typeof METERED_SETTINGS,
  MeteredReadyInfo,
  MeteredConfig,
  MeteredRoomRecord
> = {
  name: "metered",
  title: "Metered",
  prefix: "/api/v1",
  settings: METERED_SETTINGS,
  configure: meteredConfig,
  readyInfo: ({ appName, secretKey }) => ({ appName, secretKey }),
  // Only live (non-archived) rooms are found by name, which is case-sensitive (it is a URL path).
  nameIndex: { nameOf: (room) => (room.archived ? undefined : room.roomName) },
  savedShape: { id: "string", roomName: "string", archived: "boolean", settings: "object" },
  redactedView: meteredRedactedView,
  credentialKey: (_headers, query) => `metered:${query.get("secretKey") ?? ""}`,
  errorReply: meteredTransportError,
  routes: meteredRoutes,
};
