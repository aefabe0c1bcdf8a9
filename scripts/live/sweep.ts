// `npm run sweep [-- --older-than 2h] [--yes] [--only hms|metered]`: finds the rooms that live
// runs leaked (named pvr-test-...) and, with --yes, disables (100ms) or deletes (Metered) them.
// A dry run by default; every write goes through the prefix guard like the suite's and the probe's.
import { LiveHttp } from "./http";
import { option, runLiveTool } from "./main";
import { isTestRoomName, runStartedAt } from "./prefix";
import { answerOf, HmsRooms, MeteredRooms } from "./rooms";
import type { Target } from "./target";

/** A leaked room as the sweeper sees it. */
interface Leaked {
  label: string;
  /** When it was made, from the API or else its run id; undefined when neither says. */
  createdAt: Date | undefined;
  remove(): Promise<void>;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `2h`, `1d` (or plain seconds) as milliseconds. */
function parseAge(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match?.[1])
    throw new Error(`--older-than takes a duration such as 90s, 30m, 2h or 1d; got ${JSON.stringify(text)}`);
  return Number(match[1]) * (UNITS[match[2] || "s"] ?? 1) * 1000;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(typeof value === "number" && value < 1e12 ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function leakedRooms(target: Target): Promise<Leaked[]> {
  const http = new LiveHttp(target);
  if (target.service === "hms") {
    const rooms = new HmsRooms(http);
    // Disabled rooms are already as swept as 100ms allows: it has no delete.
    return (await rooms.list({ enabled: true }))
      .filter((room) => isTestRoomName(room.name))
      .map((room) => ({
        label: `100ms room ${room.name} (id ${room.id})`,
        createdAt: dateOf(room.created_at) ?? runStartedAt(String(room.name)),
        async remove() {
          answerOf(await rooms.disable(String(room.id)), `disable 100ms room ${room.name}`);
        },
      }));
  }
  const rooms = new MeteredRooms(http);
  return (await rooms.list())
    .filter((room) => isTestRoomName(room.roomName))
    .map((room) => ({
      label: `Metered room ${room.roomName}`,
      createdAt: dateOf(room.created) ?? runStartedAt(String(room.roomName)),
      async remove() {
        answerOf(await rooms.delete(String(room.roomName)), `delete Metered room ${room.roomName}`);
      },
    }));
}

async function sweep(targets: Target[], argv: string[]): Promise<number> {
  const olderThanMs = parseAge(option(argv, "older-than") ?? "1h");
  const apply = argv.includes("--yes");
  const verb = (service: string) => (service === "hms" ? "disable" : "delete");
  let failed = 0;
  let swept = 0;
  let found = 0;
  for (const target of targets) {
    for (const room of await leakedRooms(target)) {
      const age = room.createdAt ? Date.now() - room.createdAt.getTime() : undefined;
      if (age === undefined) {
        console.log(`  left ${room.label}: neither the API nor its name says when it was made`);
        continue;
      }
      if (age < olderThanMs) continue;
      found++;
      const old = `${Math.round(age / 60_000)} min old`;
      if (!apply) {
        console.log(`  would ${verb(target.service)} ${room.label}, ${old}`);
        continue;
      }
      try {
        await room.remove();
        swept++;
        console.log(`  ${verb(target.service)}d ${room.label}, ${old}`);
      } catch (err) {
        failed++;
        console.log(`  could not ${verb(target.service)} ${room.label}: ${(err as Error).message}`);
      }
    }
  }
  const services = targets.map((target) => target.service).join(" and ");
  if (!apply) {
    console.log(
      `sweep (dry run, ${services}): ${found} test room(s) older than ${option(argv, "older-than") ?? "1h"}; --yes removes them`,
    );
  } else {
    console.log(`sweep (${services}): ${swept} removed, ${failed} could not be removed`);
  }
  return failed > 0 ? 1 : 0;
}

runLiveTool("sweep", sweep);
