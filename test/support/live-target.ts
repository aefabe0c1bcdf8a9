import { spawn } from "node:child_process";
import { join } from "node:path";
import { liveTargets, type Target } from "../../scripts/live/target";
import { TestEmulator } from "./emulator";
import { REPO_ROOT } from "./engine";
import { makeTestCertificates, type TestCertificates } from "./tls";

/** The names the live tools are pointed at: not loopback names, resolved to 127.0.0.1 by the hook. */
export const HMS_HOST = "api.hms-live.test";
export const METERED_DOMAIN = "metered-live.test";
const LOOPBACK_HOOK = join(REPO_ROOT, "test", "support", "loopback-names.cjs");

/**
 * Both services' live targets on `emulator`'s own (loopback) origin, for tests that use the live
 * tools' clients in-process; LiveTarget below runs the tools themselves as a maintainer does.
 */
export function emulatorTargets(emulator: TestEmulator): Target[] {
  const { ready, missing } = liveTargets({ VIDEO_ROOMS_LIVE: "1", ...emulator.environment() });
  if (missing.length > 0) throw new Error(`emulator targets: ${missing.join("; ")}`);
  return ready;
}

/** What a live tool printed and how it exited. */
export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The emulator standing in for both real services the way a maintainer's accounts would: https
 * with a certificate from a CA made at test time (trusted only through NODE_EXTRA_CA_CERTS), on
 * host names that are not loopback names (resolved by test/support/loopback-names.cjs, loaded into
 * every Node process through NODE_OPTIONS, the engine's included). The live tools get exactly the
 * environment a maintainer exports, so the code that runs here is the code that runs for real.
 */
export class LiveTarget {
  private constructor(
    readonly emulator: TestEmulator,
    private readonly certs: TestCertificates,
  ) {}

  static async start(): Promise<LiveTarget> {
    const certs = await makeTestCertificates({ dnsNames: [HMS_HOST, `*.${METERED_DOMAIN}`] });
    try {
      return new LiveTarget(await TestEmulator.start({ tls: certs }), certs);
    } catch (err) {
      certs.dispose();
      throw err;
    }
  }

  /** The emulator's own origin (https://127.0.0.1:PORT), for the test's checks. */
  get port(): string {
    return new URL(this.emulator.url).port;
  }

  /** The environment a maintainer would export for both services, pointing at this target. */
  env(): Record<string, string> {
    const { hms, metered } = this.emulator.running.ready;
    return {
      VIDEO_ROOMS_LIVE: "1",
      ...this.emulator.environment(),
      // The host names a real account has, resolved to the emulator (loopback-names.cjs).
      HMS_API_URL: `https://${HMS_HOST}:${this.port}/v2`,
      HMS_LIVE_TEMPLATE_ID: hms.templates[1]?.id ?? "",
      METERED_API_URL: `https://${metered.appName}.${METERED_DOMAIN}:${this.port}`,
      NODE_EXTRA_CA_CERTS: this.certs.caFile,
      NODE_OPTIONS: `--require ${LOOPBACK_HOOK}`,
      VIDEO_ROOMS_LOOPBACK_NAMES: `${HMS_HOST},*.${METERED_DOMAIN}`,
    };
  }

  /** The credentials a run may print or record by mistake: what a scan looks for. */
  secrets(): string[] {
    const { hms, metered } = this.emulator.running.ready;
    return [hms.appSecret, metered.secretKey];
  }

  /**
   * Runs a compiled live tool (`dist/scripts/live/<tool>.js`) as `npm run <tool>` would, in an
   * environment without this machine's own 100ms or Metered variables, plus `env`.
   */
  run(
    tool: string,
    args: string[] = [],
    env: Record<string, string | undefined> = this.env(),
  ): Promise<ToolRun> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !/^(HMS_|METERED_|VIDEO_ROOMS_|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$)/.test(key),
      ),
    );
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "dist", "scripts", "live", `${tool}.js`), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...inherited, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) =>
        resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
      );
    });
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.certs.dispose();
  }
}
