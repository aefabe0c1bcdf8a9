// PLACEHOLDER while the real schema is written in another worktree: replaced at merge.
import { z } from "zod";
import { field, fieldTable } from "../core/properties/field";

export const HMS_TEMPLATE_NAMES = { kind: "HmsTemplate", service: "100ms" } as const;
export const HMS_TEMPLATE_NAME_CHARS = String.raw`A-Za-z0-9 ._:\-`;
const flag = () => field(z.boolean().optional(), { satisfiedBy: (d, r) => d === false && r === undefined });
const role = z.strictObject({
  publishParams: z
    .strictObject({
      allowed: z.array(z.enum(["audio", "video", "screen", "simulcast"])).optional(),
      video: z.strictObject({ bitRate: z.number().optional(), frameRate: z.number().optional() }).optional(),
    })
    .optional(),
  subscribeParams: z.strictObject({ subscribeToRoles: z.array(z.string()).optional() }).optional(),
  permissions: z.strictObject({ endRoom: flag(), mute: flag(), hlsStreaming: flag() }).optional(),
  priority: z.number().min(1).max(5).optional(),
  maxPeerCount: z.number().min(-1).optional(),
});
const shape = {
  name: z.string().optional(),
  roles: z.record(z.string(), role).optional(),
  settings: z
    .strictObject({
      region: z.enum(["in", "us", "eu", "auto"]).optional(),
      recording: z
        .strictObject({
          upload: z
            .strictObject({
              type: z.enum(["s3", "gs", "oss", "azure"]),
              location: z.string(),
              prefix: z.string().optional(),
              options: z.strictObject({ region: z.string().optional() }).optional(),
              credentials: field(z.strictObject({ key: z.string(), secretKey: z.string() }).optional(), {
                secret: true,
                writeOnly: true,
              }),
            })
            .optional(),
        })
        .optional(),
      roomState: z.strictObject({ enabled: flag(), messageInterval: z.number().optional() }).optional(),
    })
    .optional(),
  destinations: z
    .strictObject({
      rtmpDestinations: z
        .record(
          z.string(),
          z.strictObject({
            rtmpUrls: field(z.array(z.string()).optional(), { secret: true }),
            recordingEnabled: flag(),
          }),
        )
        .optional(),
      hlsDestinations: z
        .record(z.string(), z.strictObject({ playlistType: z.enum(["event", "live"]).optional() }))
        .optional(),
    })
    .optional(),
  plugins: z
    .strictObject({
      whiteboard: z
        .strictObject({ permissions: z.strictObject({ admin: z.array(z.string()).optional() }).optional() })
        .optional(),
    })
    .optional(),
  recordings: z
    .array(
      z.strictObject({
        name: z.string(),
        role: z.string(),
        trackRecording: z.strictObject({ enabled: flag() }).optional(),
      }),
    )
    .max(1)
    .optional(),
  adopt: field(z.boolean().optional(), { api: null }),
};
export const hmsTemplateSchema = z.strictObject(shape);
export type HmsTemplateInputs = z.infer<typeof hmsTemplateSchema>;
export const hmsTemplateFields = fieldTable(hmsTemplateSchema);
