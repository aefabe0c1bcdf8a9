import { randomBytes } from "node:crypto";
import { MeteredRoom } from "pulumi-video-rooms";
import type { MeteredRoomInputs } from "../../../provider/metered/properties";
import { LiveHttp } from "../http";
import { permitWrite, runPrefix } from "../prefix";
import { answerOf, MeteredRooms } from "../rooms";
import type { MeteredTarget } from "../target";
import { type Body, expectFields, expectThat } from "./check";
import type { Subject } from "./subject";

type Args = MeteredRoomInputs & { roomName: string };

/** Metered rooms in the lifecycle: every kind of property, read back through the guarded client. */
export function meteredSubject(target: MeteredTarget, runId: string): Subject<Args> {
  const prefix = runPrefix(runId);
  const rooms = new MeteredRooms(new LiveHttp(target));
  const streams = [0, 1].map(() => `rtmp://example.com/live2/pvr-live-${randomBytes(12).toString("hex")}`);
  const read = async (name: string) => answerOf(await rooms.get(name), `read Metered room ${name}`);
  return {
    service: "metered",
    planted: streams,
    declare(logical, args) {
      // Pulumi writes to every room the program declares: the same guard as the suite's own writes.
      permitWrite(`declare ${logical}`, args.roomName);
      return new MeteredRoom(logical, args).roomId;
    },
    initial: () => ({
      main: {
        roomName: `${prefix}main`,
        privacy: "public",
        maxParticipants: 10,
        enableChat: true,
        ejectAfterElapsedTimeInSec: 3600,
        meetingJoinWebhook: "https://example.com/pvr-live/join",
        enableComposition: true,
        compositionLayout: "grid",
        enableRTMPOut: true,
        rtmpOutURL: streams[0],
      },
      second: { roomName: `${prefix}second`, enableScreenSharing: true },
    }),
    edit: (args) => ({
      args: {
        ...args,
        privacy: "private",
        maxParticipants: 20,
        enableChat: false,
        ejectAfterElapsedTimeInSec: 7200,
        meetingJoinWebhook: "https://example.com/pvr-live/joined",
        compositionLayout: "active_speaker",
        rtmpOutURL: streams[1],
      },
      properties: [
        "privacy",
        "maxParticipants",
        "enableChat",
        "ejectAfterElapsedTimeInSec",
        "meetingJoinWebhook",
        "compositionLayout",
        "rtmpOutURL",
      ],
    }),
    renamed: (args, roomName) => ({ ...args, roomName }),
    async check(id, args) {
      const room = await read(args.roomName);
      expectFields(`Metered room ${args.roomName}`, { _id: id, ...view(args) }, room);
    },
    async drift(_id, args) {
      answerOf(
        await rooms.update(args.roomName, { enableChat: !args.enableChat }),
        `change ${args.roomName}`,
      );
      return "enableChat";
    },
    async createOutside(roomName) {
      const room = answerOf(await rooms.create({ roomName, privacy: "public" }), `create ${roomName}`);
      return String(room._id);
    },
    adopting: (roomName) => ({ roomName, adopt: true, privacy: "private", enableChat: true }),
    async checkDestroyed(_id, args) {
      const answer = await rooms.get(args.roomName);
      expectThat(
        answer.status >= 400 && /not found/i.test(JSON.stringify(answer.response)),
        `Metered room ${args.roomName} after destroy: expected Metered's "room not found", got HTTP ${answer.status}`,
      );
    },
  };
}

/**
 * The fields Metered holds for `args` (the same names). The RTMP URL is left out: it carries the
 * stream key, and whether Metered echoes it is undocumented (metered-api.md §10.7).
 */
function view(args: Args): Body {
  const { adopt: _adopt, rtmpOutURL: _secret, ...fields } = args;
  return fields;
}
