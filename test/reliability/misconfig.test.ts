import { createRequire } from "node:module";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack, REPO_ROOT } from "../support/engine";
import {
  type Declared,
  failureOf,
  only,
  Report,
  roomsProgram,
  SecretScan,
  statuses,
  timed,
} from "../support/reliability";

/**
 * Misconfiguration through the real engine: missing credentials, a wrong key (401 after the token
 * retry), an apiUrl that is not a URL, and plain http to a non-loopback host. Each gives one clear
 * error per resource naming the stack-config key and the environment variable, with no stack
 * trace, and (except the 401, which only the API can detect) before any API call, at preview.
 * The secret values of this file's configs are plain strings here: only the 401 case uses secrets.
 */

type Service = "hms" | "metered";
interface Provider {
  configure(req: { config: { get(key: string): string | undefined } }): Promise<void>;
  check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ failures: { reason: string }[] }>;
}
const requireFromRepo = createRequire(join(REPO_ROOT, "package.json"));
const providers: Record<Service, Provider> = {
  hms: requireFromRepo("pulumi-video-rooms/dist/provider/hms/provider.js"),
  metered: requireFromRepo("pulumi-video-rooms/dist/provider/metered/provider.js"),
};

const values = (config: ConfigMap) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value]));
const plain = (config: Record<string, string>): ConfigMap =>
  Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }]));

const CONFIG_KEYS = [
  "hms:accessKey",
  "hms:appSecret",
  "hms:managementToken",
  "hms:apiUrl",
  "metered:appName",
  "metered:secretKey",
  "metered:apiUrl",
];

describe("misconfiguration through the real engine", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  const decl: Declared = { hms: { lobby: {} }, metered: { lobby: {} } };
  const out: string[] = [];
  const report = new Report("misconfig");
  const scan = new SecretScan();

  beforeAll(async () => {
    // The environment must not supply what the stack config lacks.
    for (const name of Object.keys(process.env)) {
      if (/^(HMS|METERED)_/.test(name)) delete process.env[name];
    }
    emulator = await TestEmulator.start();
    env = await engineStack({ project: "rel-misconfig", program: roomsProgram(decl) });
  });

  afterAll(async () => {
    report.flush();
    await env?.dispose();
    await emulator?.close();
  });

  /** Replaces every service key of the stack config with `config`. */
  async function configure(config: ConfigMap) {
    await env.stack.removeAllConfig(CONFIG_KEYS);
    await env.stack.setAllConfig({ "hms:timeoutSeconds": { value: "2" }, ...config });
  }

  /** The error of a failing preview (or up); asserts no API call was made unless `calls` allows. */
  async function failing(op: "preview" | "up") {
    await emulator.clearRequests();
    const { value: message, ms } = await timed(() =>
      failureOf(
        op === "preview"
          ? env.stack.preview({ onOutput: collect(out) })
          : env.stack.up({ onOutput: collect(out) }),
      ),
    );
    scan.add("error", message);
    const log = await emulator.requests();
    return { message, log, ms };
  }

  /** The error line the engine printed for each room it reported (it may stop at the first). */
  function diagnostics(message: string): Partial<Record<Service, string>> {
    const lines = message.split("\n");
    const found: Partial<Record<Service, string>> = {};
    for (const service of ["hms", "metered"] as const) {
      const at = lines.findIndex((l) => l.includes(`pulumi-nodejs:dynamic/${service}:Room (lobby):`));
      if (at >= 0) found[service] = lines[at + 1]!.trim();
    }
    return found;
  }

  /**
   * One clear error per room the engine reported: the diagnostic names the key and the env var,
   * appears once, and no stack frame is printed anywhere. Both services' `check` are also called
   * in-process with the same settings (the engine stops at the first failing room at preview).
   */
  async function expectOneClearError(
    message: string,
    mentions: Record<Service, RegExp[]>,
    options: { inProcess?: Record<string, string> } = {},
  ) {
    const shown = diagnostics(message);
    expect(Object.keys(shown).length, `no room diagnostic in:\n${message}`).toBeGreaterThan(0);
    const summary = message.slice(message.lastIndexOf("Diagnostics:"));
    for (const [service, line] of Object.entries(shown) as [Service, string][]) {
      expect(line).toMatch(/^error: /);
      for (const m of mentions[service]) expect(line).toMatch(m);
      expect(summary.split(line).length - 1, `"${line}" once in the diagnostics`).toBe(1);
    }
    expect(message).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(message).not.toMatch(/ConfigError|Error: Error/);
    if (options.inProcess) {
      const get = (key: string) => options.inProcess?.[key];
      for (const service of ["hms", "metered"] as const) {
        await providers[service].configure({ config: { get } });
        const { failures } = await providers[service].check({}, { autoName: "lobby-abcdefg" });
        expect(failures).toHaveLength(1);
        for (const m of mentions[service]) expect(failures[0]!.reason).toMatch(m);
      }
    }
    return shown;
  }

  it("missing credentials: a preview-time error naming each key and env var, no API call", async () => {
    const { url } = emulator;
    const config = { "hms:apiUrl": `${url}/v2`, "metered:apiUrl": url };
    await configure(plain(config));
    const { message, log, ms } = await failing("preview");
    expect(log).toEqual([]);
    const shown = await expectOneClearError(
      message,
      {
        hms: [
          /missing 100ms credentials/,
          /hms:accessKey/,
          /hms:appSecret/,
          /hms:managementToken/,
          /HMS_ACCESS_KEY/,
          /HMS_APP_SECRET/,
          /HMS_MANAGEMENT_TOKEN/,
        ],
        metered: [
          /missing Metered appName and secretKey/,
          /metered:appName/,
          /metered:secretKey/,
          /METERED_APP_NAME/,
          /METERED_SECRET_KEY/,
        ],
      },
      { inProcess: config },
    );
    report.add({
      case: "missing credentials (both services)",
      expected: "preview fails, names key + env var, 0 API calls",
      observed: `one error: "${Object.values(shown)[0]!
        .replace(/^error: .*has a problem: /, "")
        .slice(0, 70)}…"`,
      retries: 0,
      ms,
    });
  });

  it("wrong key: 401, one fresh-token retry, then an error naming the key and env var", async () => {
    const config = emulator.stackConfig();
    config["hms:appSecret"] = { value: "not-the-app-secret", secret: true };
    config["metered:secretKey"] = { value: "not-the-secret-key", secret: true };
    await configure(config);
    const { message, log, ms } = await failing("up");
    // 100ms: the create (an auto-named room needs no look-up), 401; a freshly minted token, 401
    // again; then no more. Metered: its look-up, the same.
    expect(statuses(only(log, "POST", /^\/v2\/rooms$/))).toEqual(["401", "401"]);
    expect(statuses(only(log, "GET", /^\/api\/v1\/room\//))).toEqual(["401", "401"]);
    expect(log).toHaveLength(4);
    const shown = await expectOneClearError(message, {
      hms: [/HTTP 401: "Token validation error" \(signature is invalid\)/, /hms:appSecret/, /HMS_APP_SECRET/],
      metered: [/HTTP 401: "Invalid secret key"/, /metered:secretKey/, /METERED_SECRET_KEY/],
    });
    expect(Object.keys(shown).sort()).toEqual(["hms", "metered"]);
    expect(message).not.toContain("not-the-app-secret");
    expect(message).not.toContain("not-the-secret-key");
    report.add({
      case: "401 wrong key (both services), after the token retry",
      expected: "fails after 1 retry, names key + env var",
      observed:
        "100ms POST, Metered GET: 401 → 401 each; errors name hms:appSecret/HMS_APP_SECRET, metered:secretKey/METERED_SECRET_KEY",
      retries: "1 + 1",
      ms,
    });
  });

  it("an apiUrl that is not a URL: a preview-time error naming the key and env var", async () => {
    const config = {
      ...values(emulator.stackConfig()),
      "hms:apiUrl": "api.100ms.live/v2",
      "metered:apiUrl": "not a url",
    };
    await configure(plain(config));
    const { message, log, ms } = await failing("preview");
    expect(log).toEqual([]);
    await expectOneClearError(
      message,
      {
        hms: [/hms:apiUrl \(or HMS_API_URL\) is not a URL: "api\.100ms\.live\/v2"/],
        metered: [/metered:apiUrl \(or METERED_API_URL\) is not a URL: "not a url"/],
      },
      { inProcess: config },
    );
    report.add({
      case: "apiUrl not a URL (both services)",
      expected: "preview fails, names key + env var, 0 API calls",
      observed: "hms:apiUrl (or HMS_API_URL) is not a URL…; same for metered:apiUrl",
      retries: 0,
      ms,
    });
  });

  it("plain http to a non-loopback host is refused: secrets would cross the network in clear", async () => {
    const config = {
      ...values(emulator.stackConfig()),
      "hms:apiUrl": "http://api.100ms.live/v2",
      "metered:apiUrl": "http://10.0.0.7:4010",
    };
    await configure(plain(config));
    const { message, log, ms } = await failing("preview");
    expect(log).toEqual([]);
    await expectOneClearError(
      message,
      {
        hms: [/hms:apiUrl \(or HMS_API_URL\) uses plain http to api\.100ms\.live/, /in clear; use https/],
        metered: [
          /metered:apiUrl \(or METERED_API_URL\) uses plain http to 10\.0\.0\.7/,
          /in clear; use https/,
        ],
      },
      { inProcess: config },
    );
    report.add({
      case: "http:// apiUrl to a non-loopback host (both services)",
      expected: "refused at preview, names key + env var, 0 API calls",
      observed: "…uses plain http to <host>: credentials would cross the network in clear; use https",
      retries: 0,
      ms,
    });
  });

  it("no secret in the engine output or the error messages", () => {
    scan.add("engine output", out.join(""));
    expect(
      scan.hits(emulator, { wrongSecret: "not-the-app-secret", wrongKey: "not-the-secret-key" }),
    ).toEqual([]);
  });
});
