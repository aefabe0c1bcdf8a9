import { scrubText } from "./scrub";
import { liveTargets, onlyServices, type Target } from "./target";

/**
 * The shared entry of `npm run test:live`, `sweep` and `probe`: reads the targets, and when any
 * asked-for service lacks its credentials (or VIDEO_ROOMS_LIVE=1 is not set) says exactly what is
 * missing and exits 2 before any call. Otherwise runs `body`, whose number is the exit code; an
 * error exits 1 with its message, scrubbed of the targets' credentials.
 */
export function runLiveTool(
  tool: string,
  body: (targets: Target[], argv: string[]) => Promise<number>,
): void {
  const argv = process.argv.slice(2);
  let targets: Target[] = [];
  const run = async (): Promise<number> => {
    const found = liveTargets(process.env, onlyServices(argv));
    if (found.missing.length > 0) {
      console.error(`npm run ${tool}: not run, nothing was called.`);
      for (const line of found.missing) console.error(`  - ${line}`);
      console.error("  (--only hms or --only metered runs one service)");
      return 2;
    }
    targets = found.ready;
    return body(targets, argv);
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

/** The value after `--name` on a command line, if given. */
export function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? undefined : argv[index + 1];
}
