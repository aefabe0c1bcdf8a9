// `npm run sweep [-- --older-than 2h] [--yes] [--only hms|metered]`: finds the rooms that live
// runs leaked (named pvr-test-...) and, with --yes, disables (100ms) or deletes (Metered) them.
// A dry run by default; every write goes through the prefix guard like the suite's and the probe's.
import { liveTestRooms } from "./leftovers";
import { runLiveTool } from "./main";
import type { Target } from "./target";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `2h`, `1d` (or plain seconds) as milliseconds. */
function parseAge(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match?.[1])
    throw new Error(`--older-than takes a duration such as 90s, 30m, 2h or 1d; got ${JSON.stringify(text)}`);
  return Number(match[1]) * (UNITS[match[2] || "s"] ?? 1) * 1000;
}

const OPTIONS = {
  "older-than": { type: "string", default: "1h" },
  yes: { type: "boolean", default: false },
} as const;

async function sweep(
  targets: Target[],
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  const olderThan = String(values["older-than"]);
  const olderThanMs = parseAge(olderThan);
  const apply = values.yes === true;
  let failed = 0;
  let swept = 0;
  let found = 0;
  for (const target of targets) {
    for (const room of await liveTestRooms(target)) {
      const age = room.createdAt ? Date.now() - room.createdAt.getTime() : undefined;
      if (age === undefined) {
        console.log(`  left ${room.label}: neither the API nor its name says when it was made`);
        continue;
      }
      if (age < olderThanMs) continue;
      found++;
      const old = `${Math.round(age / 60_000)} min old`;
      if (!apply) {
        console.log(`  would ${room.verb} ${room.label}, ${old}`);
        continue;
      }
      try {
        await room.remove();
        swept++;
        console.log(`  ${room.verb}d ${room.label}, ${old}`);
      } catch (err) {
        failed++;
        console.log(`  could not ${room.verb} ${room.label}: ${(err as Error).message}`);
      }
    }
  }
  const services = targets.map((target) => target.service).join(" and ");
  if (!apply) {
    console.log(
      `sweep (dry run, ${services}): ${found} test room(s) older than ${olderThan}; --yes removes them`,
    );
  } else {
    console.log(`sweep (${services}): ${swept} removed, ${failed} could not be removed`);
  }
  return failed > 0 ? 1 : 0;
}

runLiveTool("sweep", OPTIONS, sweep);
