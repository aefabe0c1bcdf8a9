import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { scrubText } from "./scrub";
import { liveTargets, onlyServices, type Target } from "./target";

/** A command's options as node:util parseArgs gives them. */
export type Options = Record<string, string | boolean | undefined>;

/**
 * The shared entry of `npm run test:live`, `sweep` and `probe`. Parses the command line strictly
 * against `options` plus `--only` (an unknown option or a bad value is an error, not a default),
 * reads the targets, and when any asked-for service lacks its credentials (or VIDEO_ROOMS_LIVE=1
 * is not set) says exactly what is missing and exits 2 before any call. Otherwise runs `body`,
 * whose number is the exit code; an error exits 1 with its message, scrubbed of the targets'
 * credentials.
 */
export function runLiveTool(
  tool: string,
  options: ParseArgsOptionsConfig,
  body: (targets: Target[], values: Options) => Promise<number>,
): void {
  let targets: Target[] = [];
  const run = async (): Promise<number> => {
    let values: Options;
    let only: Target["service"][];
    try {
      ({ values } = parseArgs({ options: { ...options, only: { type: "string" } }, strict: true }));
      only = onlyServices(values.only as string | undefined);
    } catch (err) {
      console.error(`npm run ${tool}: ${(err as Error).message}; nothing was called.`);
      return 2;
    }
    const found = liveTargets(process.env, only);
    if (found.missing.length > 0) {
      console.error(`npm run ${tool}: not run, nothing was called.`);
      for (const line of found.missing) console.error(`  - ${line}`);
      console.error("  (--only hms or --only metered runs one service)");
      return 2;
    }
    targets = found.ready;
    return body(targets, values);
  };
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const secrets = targets.flatMap((target) => target.secrets);
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`npm run ${tool} failed: ${scrubText(text, secrets)}`);
      process.exitCode = 1;
    },
  );
}
