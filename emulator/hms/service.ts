import type { ServiceModule } from "../service";
import { unverifiedAccessKey } from "./auth";
import { HMS_SETTINGS, type HmsConfig, hmsConfig } from "./config";
import { hmsError } from "./errors";
import type { HmsRoomCodeRecord, HmsRoomRecord, HmsTemplateRecord } from "./records";
import { hmsRoutes } from "./routes";
import { seedTemplates } from "./seed";
import { hmsRedactedView } from "./view";

/** The 100ms part of the ready line: what a client needs to sign management tokens and pick a template. */
export interface HmsReadyInfo {
  accessKey: string;
  appSecret: string;
  templates: { id: string; name: string }[];
}

/** The 100ms rooms, templates and room codes APIs, served under `/v2`. */
export const hms: ServiceModule<
  "hms",
  typeof HMS_SETTINGS,
  HmsReadyInfo,
  HmsConfig,
  HmsRoomRecord,
  { templates: HmsTemplateRecord; roomCodes: HmsRoomCodeRecord }
> = {
  name: "hms",
  title: "100ms",
  prefix: "/v2",
  settings: HMS_SETTINGS,
  configure: hmsConfig,
  // The seeded templates as configured, whatever the API has since done to them.
  readyInfo: ({ accessKey, appSecret, templates }) => ({
    accessKey,
    appSecret,
    templates: templates.map(({ id, name }) => ({ id, name })),
  }),
  // Disabled rooms too are found by name, which is case-insensitive (hms-api.md §4.1).
  nameIndex: { nameOf: (room) => room.name, key: (name) => name.toLowerCase() },
  savedShape: { id: "string", name: "string", enabled: "boolean", templateId: "string", createdAt: "string" },
  collections: {
    // Template names match exactly (no source says they ignore case, hms-templates-api.md §9.1).
    templates: {
      nameIndex: { nameOf: (template) => template.name },
      savedShape: {
        id: "string",
        name: "string",
        roles: "object",
        settings: "object",
        destinations: "object",
        recordings: "array",
        createdAt: "string",
        updatedAt: "string",
      },
      seed: seedTemplates,
    },
    // Codes are found by the code itself (their id), never by name.
    roomCodes: {
      nameIndex: { nameOf: () => undefined },
      savedShape: { id: "string", roomId: "string", role: "string", enabled: "boolean", createdAt: "string" },
      seed: () => [],
    },
  },
  redactedView: hmsRedactedView,
  credentialKey: (headers) => `hms:${unverifiedAccessKey(headers.authorization) ?? ""}`,
  errorReply: (status, message, headers) => hmsError(status, message, message, headers),
  routes: hmsRoutes,
};
