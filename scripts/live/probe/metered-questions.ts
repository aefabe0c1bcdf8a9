import { permitWrite } from "../prefix";
import type { MeteredContext } from "./metered-context";
import { bodyOf, ok, type Question, said, show } from "./question";

type Body = Record<string, unknown>;

const yesNo = (value: boolean) => (value ? "yes" : "no");

const roomPath = (roomName: string) => `/api/v1/room/${encodeURIComponent(roomName)}`;

/** The rooms of a list answer, whichever of the shapes it takes. */
function listedRooms(response: unknown): Body[] {
  if (Array.isArray(response)) return response as Body[];
  const data = (response as Body | null)?.data;
  return Array.isArray(data) ? (data as Body[]) : [];
}

/** The open questions of metered-api.md §10, in its order. */
export const METERED_QUESTIONS: Question<MeteredContext>[] = [
  {
    id: "metered §10.1",
    text: "list shape, and whether archived rooms appear",
    async ask(ctx) {
      const room = await ctx.room();
      const before = await ctx.http.read({ path: "/api/v1/rooms" });
      await ctx.delete(room.roomName as string);
      const after = await ctx.http.read({ path: "/api/v1/rooms" });
      const has = (response: unknown) => listedRooms(response).some((item) => item._id === room._id);
      const shape = Array.isArray(before.response)
        ? "a bare array"
        : `an object with keys ${Object.keys(bodyOf(before)).join(",")}`;
      return `${said(before)}, ${shape}; live room listed: ${yesNo(has(before.response))}; archived room listed: ${yesNo(has(after.response))}`;
    },
  },
  {
    id: "metered §10.2",
    text: "GET and PUT by _id",
    async ask(ctx) {
      const room = await ctx.room();
      const id = room._id as string;
      const got = await ctx.rooms.get(id);
      const put = await ctx.http.write(
        "PUT",
        { path: roomPath(id), body: { enableChat: true } },
        permitWrite("update the Metered room by _id", room.roomName),
      );
      return `GET /room/<_id>: ${said(got)}; PUT /room/<_id>: ${said(put)}`;
    },
  },
  {
    id: "metered §10.3",
    text: "statuses of errors",
    async ask(ctx) {
      const missing = ctx.name("never-made");
      const taken = (await ctx.room()).roomName as string;
      const lines = [
        `GET missing: ${said(await ctx.rooms.get(missing))}`,
        `duplicate create: ${said(await ctx.create({ roomName: taken }))}`,
        `wrong secret key: ${said(await ctx.http.read({ path: roomPath(taken), auth: ctx.auth("wrong-secret-key") }))}`,
        `no secret key: ${said(await ctx.http.read({ path: roomPath(taken), auth: ctx.auth("none") }))}`,
        `privacy "bogus": ${said(await ctx.create({ privacy: "bogus" }))}`,
        `PUT missing: ${said(await ctx.update(missing, { enableChat: true }))}`,
        `DELETE missing: ${said(await ctx.rooms.delete(missing))}`,
      ];
      return lines.join("; ");
    },
  },
  {
    id: "metered §10.4",
    text: "PUT merges or replaces; privacy required",
    async ask(ctx) {
      const name = (await ctx.room({ enableChat: true, autoJoin: true, privacy: "private" }))
        .roomName as string;
      const put = await ctx.update(name, { enableScreenSharing: false });
      const after = bodyOf(await ctx.rooms.get(name));
      const kept = after.enableChat === true && after.autoJoin === true && after.privacy === "private";
      const bare = await ctx.create();
      return `PUT without privacy: ${said(put)}; omitted fields ${kept ? "kept (merge)" : `changed (enableChat ${show(after.enableChat)}, privacy ${show(after.privacy)})`}; create without privacy: ${said(bare)}`;
    },
  },
  {
    id: "metered §10.5",
    text: "rename via PUT",
    async ask(ctx) {
      const room = await ctx.room();
      const renamed = ctx.name("renamed");
      const put = await ctx.update(room.roomName as string, { roomName: renamed });
      const newGet = await ctx.rooms.get(renamed);
      const oldGet = await ctx.rooms.get(room.roomName as string);
      const other = (await ctx.room()).roomName as string;
      const clash = await ctx.update(other, { roomName: renamed });
      return `${said(put)}; new name ${said(newGet)}, _id kept: ${yesNo(bodyOf(newGet)._id === room._id)}; old name ${said(oldGet)}; onto a taken name: ${said(clash)}`;
    },
  },
  {
    id: "metered §10.6",
    text: "roomName rules",
    async ask(ctx) {
      const upper = (await ctx.room({ roomName: ctx.name("Upper") })).roomName as string;
      const lower = await ctx.rooms.get(upper.toLowerCase());
      const chars = await ctx.create({ roomName: `${ctx.name("chars")}_a.b~c` });
      const space = await ctx.create({ roomName: `${ctx.name("space")} x` });
      const long = await ctx.create({ roomName: ctx.name("long").padEnd(256, "x") });
      const reused = (await ctx.room()).roomName as string;
      await ctx.delete(reused);
      const again = await ctx.create({ roomName: reused });
      return `GET in other case: ${said(lower)}; "_ . ~": ${said(chars)}; a space: ${said(space)}; 256 chars: ${said(long)}; archived name reused: ${said(again)}`;
    },
  },
  {
    id: "metered §10.7",
    text: "optional fields read back once set; string numbers",
    async ask(ctx) {
      const fields: Body = {
        expireUnixSec: Math.floor(Date.now() / 1000) + 86400,
        maxParticipants: 5,
        showInviteBox: false,
        recordRoom: true,
        meetingJoinWebhook: `https://example.invalid/${ctx.plant()}`,
        enableComposition: true,
        compositionLayout: "grid",
        enableRTMPOut: true,
        rtmpOutURL: `rtmp://example.invalid/live/${ctx.plant()}`,
      };
      const room = await ctx.room(fields);
      const got = bodyOf(await ctx.rooms.get(room.roomName as string));
      const missing = Object.keys(fields).filter((key) => !(key in got));
      const coerced = await ctx.create({ maxParticipants: "300" });
      return `GET ${missing.length === 0 ? "returns every field set" : `leaves out ${missing.join(", ")}`}; maxParticipants "300": ${said(coerced)}, reads back ${show(bodyOf(coerced).maxParticipants)}`;
    },
  },
  {
    id: "metered §10.8",
    text: "real defaults; maxParticipants 0",
    async ask(ctx) {
      const room = bodyOf(await ctx.rooms.get((await ctx.room()).roomName as string));
      const keys = [
        "showInviteBox",
        "newChatForMeetingSession",
        "recordRoom",
        "audioOnlyRoom",
        "enableComposition",
        "enableLiveStreaming",
      ];
      const zero = await ctx.create({ maxParticipants: 0 });
      return `${keys.map((key) => `${key}=${show(room[key])}`).join(" ")}; maxParticipants 0: ${said(zero)}, reads back ${show(bodyOf(zero).maxParticipants)}`;
    },
  },
  {
    id: "metered §10.9",
    text: "lang as input",
    async ask(ctx) {
      const fr = await ctx.create({ lang: "fr" });
      const bogus = await ctx.create({ lang: "pvr-no-such-language" });
      return `lang "fr": ${said(fr)}, reads back ${show(bodyOf(fr).lang)}; an unknown lang: ${said(bogus)}, reads back ${show(bodyOf(bogus).lang)}`;
    },
  },
  {
    id: "metered §10.10",
    text: "deleteOnExp at expiry",
    notAsked: "needs waiting past a room's expiry, and then watching when the service acts on it",
  },
  {
    id: "metered §10.11",
    text: "status of a create",
    async ask(ctx) {
      const created = await ctx.create();
      return `${said(created)} with keys ${Object.keys(bodyOf(created)).sort().join(",")}`;
    },
  },
  {
    id: "metered §10.12",
    text: "rate limits of the rooms API",
    notAsked: "finding the limit needs a flood of requests against the account",
  },
  {
    id: "metered §10.13",
    text: "roomName in the DELETE body",
    async ask(ctx) {
      const inPath = (await ctx.room()).roomName as string;
      const inBody = (await ctx.room()).roomName as string;
      const deleted = await ctx.http.write(
        "DELETE",
        { path: roomPath(inPath), body: { roomName: inBody } },
        permitWrite("delete the Metered rooms", inPath, inBody),
      );
      const pathGone = !ok(await ctx.rooms.get(inPath));
      const bodyGone = !ok(await ctx.rooms.get(inBody));
      return `${said(deleted)}; archived: the path's room ${yesNo(pathGone)}, the body's room ${yesNo(bodyGone)}`;
    },
  },
];
