import { runLiveTool } from "./main";
import { newRunId, runPrefix } from "./prefix";
import { probeService } from "./probe/run";

/**
 * `npm run probe`: asks the open questions of both API references on throw-away rooms under the
 * run's prefix, prints one line per question with the answer observed, and records each
 * question's exchanges, scrubbed, under `--out` (default test/fixtures/recorded) for the replay
 * test. Exit 0 when every question was asked and every room it made removed, whatever the answers;
 * 1 when an ask failed or a room could not be cleaned up (printed, for the sweeper).
 */
const OPTIONS = {
  out: { type: "string", default: "test/fixtures/recorded" },
  source: { type: "string" },
} as const;

runLiveTool("probe", OPTIONS, async (targets, values) => {
  const outDir = String(values.out);
  const source = values.source as string | undefined;
  const prefix = runPrefix(newRunId());
  let errors = 0;
  const leftovers: string[] = [];
  for (const target of targets) {
    const outcome = await probeService(target, {
      outDir,
      source,
      prefix,
      print: (line) => console.log(line),
    });
    errors += outcome.errors;
    leftovers.push(...outcome.leftovers);
  }
  for (const line of leftovers) console.error(`not cleaned up: ${line}`);
  console.log(`probe: recordings in ${outDir}; rooms named ${prefix}...`);
  // A room left behind is the maintainer's to remove (`npm run sweep`): say so through the exit code too.
  return errors > 0 || leftovers.length > 0 ? 1 : 0;
});
