import { randomBytes } from "node:crypto";
import { permitWrite } from "../prefix";
import type { HmsContext } from "./hms-context";
import { bodyOf, NotAsked, ok, type Question, said, show } from "./question";

type Body = Record<string, unknown>;

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** A room id no account holds: 24 hex digits, as 100ms ids are. */
const unknownId = () => randomBytes(12).toString("hex");

function listed(list: Body, id: string): boolean {
  return Array.isArray(list.data) && (list.data as Body[]).some((room) => room.id === id);
}

/** Two rooms made one after the other, and an `after` filter that lists only rooms made since. */
async function twoRooms(ctx: HmsContext): Promise<{ first: string; second: string; after: string }> {
  const first = await ctx.room();
  const second = await ctx.roomId();
  const after = new Date(Date.parse(first.created_at as string) - 1000).toISOString();
  return { first: first.id as string, second, after };
}

/** The open questions of hms-api.md §14, in its order. */
export const HMS_QUESTIONS: Question<HmsContext>[] = [
  {
    id: "hms §14.1",
    text: "update that sets the name of a different room",
    async ask(ctx) {
      const first = ctx.name("a");
      await ctx.roomId({ name: first });
      const second = await ctx.roomId();
      const update = await ctx.rooms.update(second, { name: first });
      const got = bodyOf(update).id;
      return ok(update)
        ? `${said(update)}; answer id is ${got === second ? "the renamed room's" : show(got)}`
        : said(update);
    },
  },
  {
    id: "hms §14.2",
    text: "template_id on update",
    async ask(ctx) {
      const other = ctx.target.otherTemplateId;
      if (!other) throw new NotAsked("needs a second template id in HMS_LIVE_TEMPLATE_ID");
      const id = await ctx.roomId();
      const update = await ctx.rooms.update(id, { template_id: other });
      const after = bodyOf(await ctx.rooms.get(id)).template_id;
      return `${said(update)}; template_id afterwards ${after === other ? "changed" : "unchanged"}`;
    },
  },
  {
    id: "hms §14.3",
    text: "create with the name of a disabled room",
    async ask(ctx) {
      const { id, name } = await ctx.disabledRoom();
      const again = await ctx.create({ name });
      const room = bodyOf(again);
      return `${said(again)}; same id: ${yesNo(room.id === id)}; enabled: ${show(room.enabled)}`;
    },
  },
  {
    id: "hms §14.4",
    text: "name and description limits",
    async ask(ctx) {
      const name = (length: number) => ctx.name("long").padEnd(length, "x");
      const long = await ctx.create({ name: name(128) });
      const longer = await ctx.create({ name: name(512) });
      const description = 'é ✓ 😀 <b>&</b>\n\t"quoted" '.repeat(100);
      const free = await ctx.create({ description });
      const readBack = bodyOf(free).description === description;
      return `name of 128 chars: ${said(long)}; of 512: ${said(longer)}; description of ${description.length} chars with non-ASCII and markup: ${said(free)}, read back equal: ${yesNo(readBack)}`;
    },
  },
  {
    id: "hms §14.5",
    text: "defaults of size and max_duration_seconds; size 0",
    async ask(ctx) {
      const plain = bodyOf(await ctx.rooms.get(await ctx.roomId()));
      const zero = await ctx.create({ size: 0 });
      return `omitted: size ${show(plain.size)}, max_duration_seconds ${show(plain.max_duration_seconds)}; size 0: ${said(zero)}, reads back ${show(bodyOf(zero).size)}`;
    },
  },
  {
    id: "hms §14.6",
    text: "unknown body fields; enabled on create",
    async ask(ctx) {
      const unknown = await ctx.create({ pvr_unknown_field: 1 });
      const disabled = await ctx.create({ enabled: false });
      const id = await ctx.roomId();
      const update = await ctx.rooms.update(id, { pvr_unknown_field: 1 });
      return `unknown field on create: ${said(unknown)}; on update: ${said(update)}; enabled:false on create: ${said(disabled)}, reads back enabled ${show(bodyOf(disabled).enabled)}`;
    },
  },
  {
    id: "hms §14.7",
    text: "storage credentials echoed by create and GET",
    async ask(ctx) {
      const secret = ctx.plant();
      const recording_info = {
        enabled: false,
        upload_info: {
          type: "s3",
          location: "pvr-probe-bucket",
          options: { region: "ap-south-1" },
          credentials: { key: ctx.plant(), secret },
        },
      };
      const created = await ctx.create({ recording_info });
      const id = bodyOf(created).id as string;
      const got = await ctx.rooms.get(id);
      const echoes = (body: unknown) =>
        JSON.stringify(body).includes(secret) ? "echoes the secret" : "no secret";
      return `create ${said(created)}, ${echoes(created.response)}; GET ${said(got)}, ${echoes(got.response)}`;
    },
  },
  {
    id: "hms §14.8",
    text: 'region "auto" on read',
    async ask(ctx) {
      const created = await ctx.create({ region: "auto" });
      const got = bodyOf(await ctx.rooms.get(bodyOf(created).id as string));
      return `create answers region ${show(bodyOf(created).region)}; GET reads ${show(got.region)}`;
    },
  },
  {
    id: "hms §14.9",
    text: "which keys a room carries on create, GET and list",
    async ask(ctx) {
      const name = ctx.name();
      const created = bodyOf(await ctx.create({ name }));
      const got = bodyOf(await ctx.rooms.get(created.id as string));
      const item = ((bodyOf(await ctx.list({ name })).data as Body[] | undefined) ?? [])[0] ?? {};
      const keys = (room: Body) =>
        ["recording_info", "recording", "key", "enabled_source_template", "app_id"]
          .map((key) => `${key}=${show(room[key])}`)
          .join(" ");
      return `create: ${keys(created)} | GET: ${keys(got)} | list: ${keys(item)}`;
    },
  },
  {
    id: "hms §14.10",
    text: "enabled_source_template",
    async ask(ctx) {
      const id = await ctx.roomId();
      const before = bodyOf(await ctx.rooms.get(id)).enabled_source_template;
      const after = bodyOf(await ctx.rooms.disable(id)).enabled_source_template;
      return `enabled room: ${show(before)}; after disabling: ${show(after)}`;
    },
  },
  {
    id: "hms §14.11",
    text: "list without enabled hides disabled rooms",
    async ask(ctx) {
      const { id, name } = await ctx.disabledRoom();
      const plain = bodyOf(await ctx.list({ name }));
      const disabled = bodyOf(await ctx.list({ name, enabled: false }));
      return `disabled room listed without enabled: ${yesNo(listed(plain, id))}; with enabled=false: ${yesNo(listed(disabled, id))}`;
    },
  },
  {
    id: "hms §14.12",
    text: "start is exclusive",
    async ask(ctx) {
      const { first, second, after } = await twoRooms(ctx);
      // `after` keeps the account's other rooms out of the page (and out of the recording).
      const page = bodyOf(await ctx.list({ limit: 10, start: first, after }));
      const data = (page.data as Body[] | undefined) ?? [];
      return `start=<room id>: the room itself is ${listed(page, first) ? "included (inclusive)" : "left out (exclusive)"}; page holds ${data.length} rooms, the other new room ${listed(page, second) ? "among them" : "not among them"}`;
    },
  },
  {
    id: "hms §14.13",
    text: "sort order of the list",
    async ask(ctx) {
      const { first, second, after } = await twoRooms(ctx);
      const data = (bodyOf(await ctx.list({ limit: 100, after })).data as Body[] | undefined) ?? [];
      const [a, b] = [first, second].map((id) => data.findIndex((room) => room.id === id));
      if (a === undefined || b === undefined || a < 0 || b < 0)
        return "undetermined: the new rooms were not both on the first page";
      return a < b ? "oldest first" : "newest first";
    },
  },
  {
    id: "hms §14.14",
    text: "limit outside 10-100",
    async ask(ctx) {
      const line = async (limit: number) => {
        const list = await ctx.list({ limit, name: ctx.name("never-made") });
        return `limit=${limit}: ${said(list)}${ok(list) ? `, answers limit ${show(bodyOf(list).limit)}` : ""}`;
      };
      return `${await line(5)}; ${await line(500)}`;
    },
  },
  {
    id: "hms §14.15",
    text: "name filter: exact, case-insensitive, substring",
    async ask(ctx) {
      const name = ctx.name("Mixed");
      const id = await ctx.roomId({ name });
      const found = async (filter: string) => yesNo(listed(bodyOf(await ctx.list({ name: filter })), id));
      return `exact: ${await found(name)}; other case: ${await found(name.toLowerCase())}; leading part: ${await found(name.slice(0, -3))}`;
    },
  },
  {
    id: "hms §14.16",
    text: "shape of an empty list",
    async ask(ctx) {
      const list = await ctx.list({ name: ctx.name("never-made") });
      const body = bodyOf(list);
      return `${said(list)}; data ${show(body.data)}, last ${show(body.last)}`;
    },
  },
  {
    id: "hms §14.17",
    text: "GET of an unknown or malformed room id",
    async ask(ctx) {
      const unknown = await ctx.rooms.get(unknownId());
      const malformed = await ctx.rooms.get("not-a-room-id");
      return `unknown id: ${said(unknown)}; malformed id: ${said(malformed)}`;
    },
  },
  {
    id: "hms §14.18",
    text: "a disabled room: read and update",
    async ask(ctx) {
      const { id } = await ctx.disabledRoom();
      const got = await ctx.rooms.get(id);
      const update = await ctx.rooms.update(id, { description: "updated while disabled" });
      return `GET ${said(got)}; update ${said(update)}, stays disabled: ${yesNo(bodyOf(update).enabled === false)}`;
    },
  },
  {
    id: "hms §14.19",
    text: "status of each token failure",
    async ask(ctx) {
      const query = { name: ctx.name("never-made") };
      const lines: string[] = [];
      for (const label of ["none", "bad-signature", "wrong-type", "expired", "future-nbf", "no-jti"]) {
        const list = await ctx.list(query, ctx.auth(label));
        lines.push(
          `${label} ${said(list)}${ok(list) ? "" : `, details ${Array.isArray(bodyOf(list).details) ? "present" : "missing"}`}`,
        );
      }
      return lines.join("; ");
    },
  },
  {
    id: "hms §14.20",
    text: "a cap on the token's exp",
    async ask(ctx) {
      const query = { name: ctx.name("never-made") };
      const day = await ctx.list(query, ctx.auth("exp-25h"));
      const weeks = await ctx.list(query, ctx.auth("exp-15d"));
      return `exp in 25 h: ${said(day)}; exp in 15 days: ${said(weeks)}`;
    },
  },
  {
    id: "hms §14.21",
    text: "rate limits of the rooms API",
    notAsked: "finding the limit needs a flood of requests against the account",
  },
  {
    id: "hms §14.22",
    text: "an undocumented DELETE",
    async ask(ctx) {
      const name = ctx.name();
      const id = await ctx.roomId({ name });
      const path = `/rooms/${encodeURIComponent(id)}`;
      const deleted = await ctx.http.write("DELETE", { path }, permitWrite("DELETE the 100ms room", name));
      const got = await ctx.rooms.get(id);
      return `DELETE ${said(deleted)}; GET afterwards ${said(got)}`;
    },
  },
  {
    id: "hms §14.23",
    text: "where polls goes",
    async ask(ctx) {
      const top = await ctx.create({ polls: [] });
      const nested = await ctx.create({ recording_info: { enabled: false, polls: [] } });
      return `top-level polls: ${said(top)}, reads back ${show(bodyOf(top).polls)}; inside recording_info: ${said(nested)}, reads back ${show((bodyOf(nested).recording_info as Body | undefined)?.polls)}`;
    },
  },
];
