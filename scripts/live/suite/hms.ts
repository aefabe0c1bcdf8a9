import { randomBytes } from "node:crypto";
import { HmsRoom } from "pulumi-video-rooms";
import type { HmsRoomInputs } from "../../../provider/hms/properties";
import { LiveHttp } from "../http";
import { permitWrite, runPrefix } from "../prefix";
import { answerOf, HmsRooms } from "../rooms";
import type { HmsTarget } from "../target";
import { type Body, expectEqual, expectFields } from "./check";
import type { Subject } from "./subject";

type Args = HmsRoomInputs & { name: string };

/** 100ms rooms in the lifecycle: every kind of property, read back through the guarded client. */
export function hmsSubject(target: HmsTarget, runId: string): Subject<Args> {
  const prefix = runPrefix(runId);
  const rooms = new HmsRooms(new LiveHttp(target));
  const headers = [randomBytes(12).toString("hex"), randomBytes(12).toString("hex")];
  const read = async (id: string) => answerOf(await rooms.get(id), `read 100ms room ${id}`);
  return {
    service: "hms",
    planted: headers,
    declare(logical, args) {
      // Pulumi writes to every room the program declares: the same guard as the suite's own writes.
      permitWrite(`declare ${logical}`, args.name);
      return new HmsRoom(logical, args).roomId;
    },
    initial: () => ({
      main: {
        name: `${prefix}main`,
        description: "pulumi-video-rooms live suite",
        region: "eu",
        size: 50,
        largeRoom: false,
        maxDurationSeconds: 3600,
        recordingInfo: { enabled: false },
        webhook: {
          url: "https://example.com/pvr-live/first",
          headers: { "x-pvr-live": headers[0] as string },
        },
        polls: ["pvr-live-poll-a"],
      },
      second: { name: `${prefix}second`, description: "a second room", region: "auto" },
    }),
    edit(args) {
      const edited: Args = {
        ...args,
        description: "pulumi-video-rooms live suite, edited",
        region: "us",
        size: 80,
        largeRoom: true,
        maxDurationSeconds: 5400,
        recordingInfo: { enabled: true },
        webhook: {
          url: "https://example.com/pvr-live/second",
          headers: { "x-pvr-live": headers[1] as string },
        },
        polls: ["pvr-live-poll-a", "pvr-live-poll-b"],
      };
      const properties = [
        "description",
        "region",
        "size",
        "largeRoom",
        "maxDurationSeconds",
        "recordingInfo",
        "webhook",
        "polls",
      ];
      if (!target.otherTemplateId) {
        return {
          args: edited,
          properties,
          note: "hms templateId change not run: set HMS_LIVE_TEMPLATE_ID to a second template's id",
        };
      }
      return {
        args: { ...edited, templateId: target.otherTemplateId },
        properties: [...properties, "templateId"],
      };
    },
    renamed: (args, name) => ({ ...args, name }),
    async check(id, args) {
      expectFields(`100ms room ${id}`, view(args), await read(id));
    },
    async drift(id) {
      answerOf(await rooms.update(id, { description: "changed outside Pulumi" }), `change 100ms room ${id}`);
      return "description";
    },
    async createOutside(name) {
      const room = answerOf(
        await rooms.create({ name, description: "made outside Pulumi" }),
        `create ${name}`,
      );
      return String(room.id);
    },
    adopting: (name) => ({ name, adopt: true, description: "taken over by the live suite" }),
    async checkDestroyed(id) {
      expectEqual(`100ms room ${id} enabled after destroy`, false, (await read(id)).enabled);
    },
  };
}

/**
 * The fields 100ms holds for `args`, under its names (hms-api.md §4.1). Webhook headers are left
 * out: whether 100ms echoes them is undocumented, and they are secrets.
 */
function view(args: Args): Body {
  const fields: Body = {
    name: args.name,
    description: args.description,
    region: args.region === "auto" ? undefined : args.region,
    size: args.size,
    large_room: args.largeRoom,
    max_duration_seconds: args.maxDurationSeconds,
    recording_info: args.recordingInfo,
    webhook: args.webhook && { url: args.webhook.url },
    polls: args.polls,
    template_id: args.templateId,
    enabled: args.enabled ?? true,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
