import type { FieldSpec, FieldTable } from "../core/dynamic/fields";
import type { HmsRoomInputs } from "./schema";

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** HmsRoom properties to 100ms API fields (hms-api.md §4.1, §5.1): the only place that knows them. */
export const hmsFields = {
  name: { api: "name", normalize: lower },
  description: { api: "description" },
  templateId: { api: "template_id" },
  // `auto` means the template's region, and 100ms may read it back as that region (hms-api.md §14.8).
  region: {
    api: "region",
    satisfiedBy: (desired, reported) => desired === "auto" && typeof reported === "string",
  },
  recordingInfo: {
    api: "recording_info",
    // Whole object: it may hold storage credentials.
    secret: true,
    // Read as null (cleared, see provider.ts) while the room follows its template's recording.
    fields: {
      enabled: { api: "enabled" },
      uploadInfo: {
        api: "upload_info",
        fields: {
          type: { api: "type" },
          location: { api: "location" },
          prefix: { api: "prefix" },
          options: { api: "options", fields: { region: { api: "region" } } },
          // Whether GET echoes them is undocumented (hms-api.md §14.7): never trust an echo.
          credentials: { api: "credentials", writeOnly: true },
        },
      },
    },
  },
  size: { api: "size" },
  largeRoom: { api: "large_room" },
  maxDurationSeconds: { api: "max_duration_seconds" },
  // Whole object: its headers usually carry a shared secret.
  webhook: {
    api: "webhook",
    secret: true,
    fields: { url: { api: "url" }, headers: { api: "headers", writeOnly: true } },
  },
  polls: { api: "polls" },
  enabled: { api: "enabled" },
  adopt: null,
} satisfies Record<keyof HmsRoomInputs, FieldSpec | null> satisfies FieldTable;
