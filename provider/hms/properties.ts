import { z } from "zod";
import { field, fieldTable } from "../core/properties/field";

/** How messages name the resource and the service it manages. */
export const HMS_NAMES = { kind: "HmsRoom", service: "100ms" } as const;

/** Characters 100ms accepts in a room name (hms-api.md §4.1). */
export const HMS_NAME_CHARS = String.raw`A-Za-z0-9.\-:_`;
const HMS_NAME_PATTERN = new RegExp(`^[${HMS_NAME_CHARS}]+$`);

const storageType = z.enum(["s3", "gs", "oss", "azure"], {
  error: "must be one of s3 (AWS), gs (Google Cloud Storage), oss (Alibaba), azure (Azure Blob)",
});

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/**
 * The properties of an {@link HmsRoom}, one entry each: its type and checks (zod), its docs
 * (TSDoc, which the Args type, the outputs and the README's table carry), and, through `field`,
 * the 100ms field it maps to (hms-api.md §4.1, §5.1) and what 100ms does with it.
 */
const hmsRoomShape = {
  /**
   * Room name (an alias apps can use instead of the id); case-insensitive and unique in the
   * workspace. Letters, digits and `. - : _`. Omitted: `<logical-name>-<7 chars>`, derived
   * deterministically from project, stack and logical name. Changes in place (renames the room).
   */
  name: field(
    z
      .string()
      .min(1, "must not be empty")
      .max(200, "must be at most 200 characters")
      .regex(HMS_NAME_PATTERN, "may only contain letters, digits and . - : _ (no spaces)")
      .optional(),
    { api: "name", normalize: lower, example: "daily-standup" },
  ),
  /** Free text describing the room's use, e.g. "9PM English Class Batch 2". Changes in place. */
  description: field(z.string().max(1000, "must be at most 1000 characters").optional(), {
    example: "9PM English Class Batch 2",
  }),
  /**
   * The template (roles, recording, ...) the room uses; the workspace's default template when
   * omitted. Changes in place, through 100ms's documented create-by-name upsert.
   */
  templateId: field(
    z
      .string()
      .regex(/^[0-9a-f]{24}$/, "must be a 100ms template id: 24 hex characters")
      .optional(),
    { api: "template_id", example: "65f0a1b2c3d4e5f6a7b8c9d0" },
  ),
  /** Region the room runs in: `in`, `us`, `eu`, or `auto` (the template's region, the default). Changes in place. */
  region: field(z.enum(["in", "us", "eu", "auto"], { error: "must be one of in, us, eu, auto" }).optional(), {
    api: "region",
    // `auto` means the template's region, and 100ms may read it back as that region (hms-api.md §14.8).
    satisfiedBy: (desired, reported) => desired === "auto" && typeof reported === "string",
  }),
  /**
   * SFU recording for this room. Once set, the room no longer follows the template's recording
   * settings. Changes in place. `uploadInfo.credentials` is stored as a secret.
   */
  // Read as null (cleared, see provider.ts) while the room follows its template's recording.
  recordingInfo: field(
    z
      .strictObject({
        /** Turns SFU recording on. Default false. */
        enabled: z.boolean().optional(),
        /** Where recordings are uploaded; omitted: stored by 100ms for 15 days. */
        uploadInfo: field(
          z
            .strictObject({
              /** Storage provider: `s3`, `gs`, `oss` or `azure`. */
              type: storageType,
              /** Bucket name (Azure: the container name). */
              location: field(z.string().min(1, "must name the bucket (Azure: the container)"), {
                example: "school-recordings",
              }),
              /** Upload path prefix; defaults to the customer id. */
              prefix: field(z.string().optional(), { example: "classes/" }),
              /** Provider options. */
              options: z
                .strictObject({
                  /** Bucket region, e.g. `ap-south-1` (not needed for Azure). */
                  region: field(z.string().min(1, "must not be empty").optional(), { example: "ap-south-1" }),
                })
                .optional(),
              /** Access key and secret (Azure: account name and key). Always kept as a secret. */
              credentials: field(
                z
                  .strictObject({
                    /** Access key id (Azure: storage account name). */
                    key: field(z.string().min(1, "must not be empty"), { example: "<access key id>" }),
                    /** Secret access key (Azure: storage account key). */
                    secret: field(z.string().min(1, "must not be empty"), { example: "<secret access key>" }),
                  })
                  .optional(),
                // Whether GET echoes them is undocumented (hms-api.md §14.7): never trust an echo.
                { secret: true, writeOnly: true },
              ),
            })
            .optional(),
          { api: "upload_info" },
        ),
      })
      .optional(),
    { api: "recording_info" },
  ),
  /** Peer limit: 0-2500, or up to 20000 with `largeRoom: true`. Changes in place. */
  size: field(
    z
      .number()
      .refine(Number.isSafeInteger, "must be a whole number")
      .min(0, "must be 0 or more")
      .max(20000, "must be at most 20000 (the 100ms maximum, with largeRoom: true)")
      .optional(),
    { example: 100 },
  ),
  /** Allows more than 2500 peers (up to 20000). Default false. Changes in place. */
  largeRoom: field(z.boolean().optional(), { api: "large_room" }),
  /** Longest a session may last, in seconds: 120 to 43200 (12 h). Changes in place. */
  maxDurationSeconds: field(
    z
      .number()
      .refine(Number.isSafeInteger, "must be a whole number of seconds")
      .min(120, "must be at least 120 seconds")
      .max(43200, "must be at most 43200 seconds (12 hours)")
      .optional(),
    { api: "max_duration_seconds", example: 3600 },
  ),
  /**
   * Room-level webhook; when set, the workspace's webhooks are not used for this room. Changes in
   * place. `headers` is stored as a secret.
   */
  webhook: z
    .strictObject({
      /** Endpoint that receives the events (https). */
      url: field(
        z.url({
          protocol: /^https?$/,
          error: "must be an http(s) URL, e.g. https://example.com/hooks/100ms",
        }),
        { example: "https://example.com/hooks/100ms" },
      ),
      /** Extra headers sent with each event (e.g. a shared secret). Always kept as a secret. */
      // They usually carry a shared secret; whether GET echoes them is undocumented.
      headers: field(z.record(z.string(), z.string()).optional(), {
        secret: true,
        writeOnly: true,
        example: { Authorization: "Bearer <token>" },
      }),
    })
    .optional(),
  /** Ids of polls to link to the room. Changes in place. */
  polls: z.array(field(z.string().min(1, "must not be empty"), { example: "<poll id>" })).optional(),
  /**
   * Whether peers can join. Default true; `pulumi destroy` disables the room (100ms has no
   * delete). Changes in place.
   */
  enabled: z.boolean().optional(),
  /**
   * One enabled room code per role of the room's template, for joining without a server-made
   * token (e.g. Prebuilt links, see `joinUrls`). `true`: codes are made for the roles that have
   * none, never a second one for a role (a room holds at most 100 codes); a code of a role no
   * longer in the template is disabled. `false`: the room's codes are disabled. Left out: the
   * room's codes are not managed. A role added to a template in the same program (`HmsTemplate`)
   * gets its code at the next `pulumi up`; for other templates, at the `pulumi up` after a
   * `pulumi refresh`. `pulumi destroy` disables the codes before the room. Output: role name to
   * code, a secret (a code lets anyone in); `null` for a role whose code is missing, or still
   * enabled for a role the template no longer has (the next `pulumi up` fixes either).
   */
  roomCodes: field(z.boolean().optional(), {
    api: null,
    managed: true,
    // A desired `true` is met by a map with a code for every role reported.
    satisfiedBy: (desired, reported) =>
      (desired === true &&
        isCodeMap(reported) &&
        Object.values(reported).every((c) => typeof c === "string")) ||
      (desired === false && (reported === null || reported === undefined)),
    // A map of codes stands for `true`, `null` (no codes managed) for `false`.
    inputOf: (reported) => (isCodeMap(reported) ? true : reported === null ? false : reported),
  }),
  /**
   * Take over an existing room with this `name`, enabled or disabled, instead of failing. Default
   * false. A room `pulumi destroy` disabled (100ms has no delete) is taken back this way too. Only
   * matters when the room is created; changing it later does nothing.
   */
  adopt: field(z.boolean().optional(), { api: null }),
};

export const hmsRoomSchema = z.strictObject(hmsRoomShape).superRefine(
  (room, ctx) => {
    if (
      typeof room.size === "number" &&
      room.size > 2500 &&
      (room.largeRoom === undefined || room.largeRoom === false)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["size"],
        message: "is over 2500: set largeRoom: true (allows up to 20000) or lower size",
      });
    }
  },
  { when: () => true },
);

function isCodeMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checked inputs of an HmsRoom, as the provider sees them. */
export type HmsRoomInputs = z.infer<typeof hmsRoomSchema>;

/** HmsRoom properties to 100ms API fields, derived from the entries above. */
export const hmsFields = fieldTable(hmsRoomSchema);
