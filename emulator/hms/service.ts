import type { ServiceModule } from "../service";
import { unverifiedAccessKey } from "./auth";
import { HMS_SETTINGS, type HmsConfig, hmsConfig } from "./config";
import { hmsError } from "./errors";
import type { HmsRoomRecord } from "./records";
import { hmsRoutes } from "./rooms";
import { hmsRedactedView } from "./view";

/** The 100ms part of the ready line: what a client needs to sign management tokens and pick a template. */
export interface HmsReadyInfo {
  accessKey: string;
  appSecret: string;
  templates: { id: string; name: string }[];
}

/** The 100ms rooms API, served under `/v2`. */
export const hms: ServiceModule<"hms", typeof HMS_SETTINGS, HmsReadyInfo, HmsConfig, HmsRoomRecord> = {
  name: "hms",
  title: "100ms",
  prefix: "/v2",
  settings: HMS_SETTINGS,
  configure: hmsConfig,
  readyInfo: ({ accessKey, appSecret, templates }) => ({
    accessKey,
    appSecret,
    templates: templates.map(({ id, name }) => ({ id, name })),
  }),
  // Disabled rooms too are found by name, which is case-insensitive (hms-api.md §4.1).
  nameIndex: { nameOf: (room) => room.name, key: (name) => name.toLowerCase() },
  savedShape: { id: "string", name: "string", enabled: "boolean", templateId: "string", createdAt: "string" },
  redactedView: hmsRedactedView,
  credentialKey: (headers) => `hms:${unverifiedAccessKey(headers.authorization) ?? ""}`,
  errorReply: (status, message, headers) => hmsError(status, message, message, headers),
  routes: hmsRoutes,
};
