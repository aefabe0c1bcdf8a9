import type { RoomStep } from "../../demo/events";
import { runPrefix } from "../prefix";
import { expectEqual } from "./check";
import type { Report } from "./report";
import type { SuiteStack } from "./stack";
import type { Subject } from "./subject";

/** `op logical` for each room an operation touched, sorted: what a step compares. */
function touched(rooms: RoomStep[]): string[] {
  return rooms.map((room) => `${room.op} ${room.name}`).sort();
}

/** The kinds of change an operation summary reports, without `same`. */
function changes(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op]) => op !== "same"));
}

/**
 * The real engine's lifecycle of one service's rooms, one report line per step: create, no-change
 * preview and up, an in-place edit of every kind of property, rename, drift found by refresh and
 * undone by up, adopt, destroy. A step needs the ones before it, so after a failure the rest are
 * reported as not run. Each check reads the rooms back through the guarded API client.
 */
export async function runLifecycle<Args>(
  subject: Subject<Args>,
  stack: SuiteStack<Args>,
  report: Report,
  runId: string,
): Promise<void> {
  const prefix = runPrefix(runId);
  const { service } = subject;
  let ids: Record<string, string> = {};
  const up = async (expected: string[]) => {
    const { log } = await stack.run("up", (options) => stack.stack.up(options));
    expectEqual("pulumi up changed", expected, touched(log.changed()));
    ids = await stack.ids();
  };
  const checkAll = async () => {
    for (const [logical, args] of Object.entries(stack.rooms)) await subject.check(ids[logical] ?? "", args);
  };
  const keeps = async (id: string | undefined) => {
    expectEqual("main's id", id, ids.main);
  };

  const steps: [string, () => Promise<string>][] = [
    [
      "create",
      async () => {
        stack.rooms = subject.initial();
        const logical = Object.keys(stack.rooms).sort();
        await up(logical.map((name) => `create ${name}`));
        await checkAll();
        return `${logical.length} rooms created (${logical.join(", ")}), read back as declared`;
      },
    ],
    [
      "preview",
      async () => {
        const preview = await stack.run("preview", (options) =>
          stack.stack.preview({ ...options, diff: true }),
        );
        expectEqual("preview with nothing changed planned", {}, changes(preview.result.changeSummary));
        const { result } = await stack.run("up", (options) => stack.stack.up(options));
        expectEqual("up with nothing changed did", {}, changes(result.summary.resourceChanges));
        return "preview and up with nothing changed: every room same";
      },
    ],
    [
      "update",
      async () => {
        const before = ids.main;
        const edit = subject.edit(stack.rooms.main as Args);
        if (edit.note) report.say(edit.note);
        stack.rooms.main = edit.args;
        const { log, result } = await stack.run("preview", (options) =>
          stack.stack.preview({ ...options, diff: true }),
        );
        expectEqual("preview --diff planned", ["update main"], touched(log.changed()));
        const named = log.changed()[0]?.diffs ?? [];
        expectEqual("preview --diff found changes in", [...edit.properties].sort(), [...named].sort());
        // Lines such as `~ size   : 50 => 80` (names padded to one width) or `+ templateId: "…"`.
        const shown = (property: string) =>
          new RegExp(`^\\s*[~+-] ${property}\\s*:`, "m").test(result.stdout);
        const unshown = edit.properties.filter((property) => !shown(property));
        expectEqual("properties preview --diff does not show", [], unshown);
        await up(["update main"]);
        await keeps(before);
        await checkAll();
        return `main updated in place (${edit.properties.join(", ")}), read back as declared`;
      },
    ],
    [
      "rename",
      async () => {
        const before = ids.main;
        stack.rooms.main = subject.renamed(stack.rooms.main as Args, `${prefix}renamed`);
        await up(["update main"]);
        await keeps(before);
        await checkAll();
        return `main renamed to ${prefix}renamed in place, same id`;
      },
    ],
    [
      "drift",
      async () => {
        const property = await subject.drift(ids.main ?? "", stack.rooms.main as Args);
        const { log } = await stack.run("refresh", (options) => stack.stack.refresh(options));
        const drifted = log.rooms.filter((room) => room.diffs.length > 0);
        expectEqual(
          "refresh found drift on",
          [`main: ${property}`],
          drifted.map((room) => `${room.name}: ${room.diffs.join(", ")}`),
        );
        await up(["update main"]);
        await checkAll();
        return `${property} changed outside Pulumi: refresh found it, up put it back`;
      },
    ],
    [
      "adopt",
      async () => {
        const name = `${prefix}adopted`;
        const id = await subject.createOutside(name);
        stack.rooms.adopted = subject.adopting(name);
        await up(["create adopted"]);
        expectEqual("the adopted resource's id", id, ids.adopted);
        await checkAll();
        return `${name}, made outside Pulumi, taken over with adopt: true (same id)`;
      },
    ],
    [
      "destroy",
      async () => {
        const logical = Object.keys(stack.rooms).sort();
        const { log } = await stack.run("destroy", (options) => stack.stack.destroy(options));
        expectEqual(
          "pulumi destroy deleted",
          logical.map((name) => `delete ${name}`),
          touched(log.changed()),
        );
        for (const [name, args] of Object.entries(stack.rooms))
          await subject.checkDestroyed(ids[name] ?? "", args);
        stack.rooms = {};
        return `${logical.length} rooms ${service === "hms" ? "disabled (100ms has no delete)" : "deleted"}`;
      },
    ],
  ];
  for (const [index, [name, run]] of steps.entries()) {
    if (await report.step(service, name, run)) continue;
    report.notRun(
      service,
      steps.slice(index + 1).map(([rest]) => rest),
    );
    return;
  }
}
