// `npm run test:live`: the real engine's lifecycle of HmsRoom and MeteredRoom against the real
// services (or whatever HMS_API_URL / METERED_API_URL point at), one line per step. Every room is
// named `pvr-test-<run id>-...`; whatever the run leaves is cleaned in `finally`.
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { liveTestRooms, removeEach } from "./leftovers";
import { runLiveTool } from "./main";
import { newRunId, runPrefix } from "./prefix";
import { hmsSubject } from "./suite/hms";
import { runLifecycle } from "./suite/lifecycle";
import { meteredSubject } from "./suite/metered";
import { Report } from "./suite/report";
import { SuiteStack } from "./suite/stack";
import type { Subject } from "./suite/subject";
import type { Target } from "./target";

// This file runs compiled, from dist/scripts/live/.
const ROOT = resolve(__dirname, "../../..");

runLiveTool("test:live", {}, async (targets) => {
  const runId = newRunId();
  const subjects = targets.map((target) => subjectOf(target, runId));
  const report = new Report([
    ...targets.flatMap((target) => target.secrets),
    ...subjects.flatMap((subject) => subject.planted),
  ]);
  report.say(
    `test:live: run ${runId}, rooms named ${runPrefix(runId)}..., services: ${targets.map((t) => t.service).join(", ")}`,
  );
  // Ctrl-C reaches the running pulumi too, which cancels its operation; this process carries on to
  // clean up. A persistent listener: with `once`, execa's signal-exit would re-raise the signal.
  process.on("SIGINT", () => {
    if (report.interrupted) process.exit(130);
    report.interrupted = true;
    report.say("interrupted: cleaning up after the current step (Ctrl-C again to quit at once)");
  });
  const setup: typeof import("../setup-pulumi.mjs") = await import(
    pathToFileURL(join(ROOT, "scripts", "setup-pulumi.mjs")).href
  );
  const engineBin = await setup.ensureEngine({ root: ROOT });
  const workDir = join(ROOT, ".tmp", `live-${process.pid}`);
  let cleanedAll = true;
  try {
    for (const [index, subject] of subjects.entries()) {
      const target = targets[index] as Target;
      cleanedAll = (await testService(subject, { target, engineBin, workDir, report, runId })) && cleanedAll;
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return report.summarize() && cleanedAll ? 0 : 1;
});

function subjectOf(target: Target, runId: string): Subject<unknown> {
  return (
    target.service === "hms" ? hmsSubject(target, runId) : meteredSubject(target, runId)
  ) as Subject<unknown>;
}

/** One service's lifecycle, then its cleanup whatever happened; false when a room could not be cleaned. */
async function testService(
  subject: Subject<unknown>,
  run: { target: Target; engineBin: string; workDir: string; report: Report; runId: string },
): Promise<boolean> {
  const { report, target } = run;
  let stack: SuiteStack<unknown> | undefined;
  try {
    stack = await SuiteStack.create({
      root: ROOT,
      engineBin: run.engineBin,
      workDir: join(run.workDir, target.service),
      target,
      declare: (logical, args) => subject.declare(logical, args),
      secrets: [...target.secrets, ...subject.planted],
    });
    await runLifecycle(subject, stack, report, run.runId);
  } catch (err) {
    report.fail(target.service, "lifecycle", (err as Error).message);
  } finally {
    await destroyLeftovers(stack, report, target);
    stack?.dispose();
  }
  return cleanUp(target, run.runId, report);
}

/** A lifecycle that stopped early leaves rooms in the stack: destroy them as Pulumi would. */
async function destroyLeftovers(stack: SuiteStack<unknown> | undefined, report: Report, target: Target) {
  try {
    if (!stack || !(await stack.holdsRooms())) return;
    await stack.run("destroy", (options) => stack.stack.destroy(options));
    report.say(`${target.service} cleanup: pulumi destroy removed what the stack still held`);
  } catch (err) {
    report.say(
      `${target.service} cleanup: pulumi destroy failed (${(err as Error).message}); cleaning through the API`,
    );
  }
}

/** Every room of this run still live, disabled or deleted through the guarded client. */
async function cleanUp(target: Target, runId: string, report: Report): Promise<boolean> {
  const { service } = target;
  try {
    const { removed, failed } = await removeEach(await liveTestRooms(target, runPrefix(runId)));
    report.say(
      removed.length === 0
        ? `${service} cleanup: no room of this run left`
        : `${service} cleanup: ${removed.join(", ")}`,
    );
    for (const line of failed) report.say(`${service} cleanup: ${line}`);
    return failed.length === 0;
  } catch (err) {
    report.say(`${service} cleanup: could not list rooms to clean (${(err as Error).message})`);
    return false;
  }
}
