import { createRequire } from "node:module";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoomProvider } from "../../provider/core/host/room-provider";
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
const requireFromRepo = createRequire(join(REPO_ROOT, "package.json"));
/** Each service's provider module, whose exports are the dynamic provider the engine's host runs. */
const providers: Record<Service, RoomProvider> = {
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
  /** The HMS_* / METERED_* variables this file removes, put back in afterAll. */
  const removedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // The environment must not supply what the stack config lacks.
    for (const name of Object.keys(process.env)) {
      if (/^(HMS|METERED)_/.test(name)) {
        removedEnv[name] = process.env[name];
        delete process.env[name];
      }
    }
    emulator = await TestEmulator.start();
    env = await engineStack({ project: "rel-misconfig", program: roomsProgram(decl) });
  });

  afterAll(async () => {
    try {
      report.flush();
      await env?.dispose();
      await emulator?.close();
    } finally {
      for (const [name, value] of Object.entries(removedEnv)) process.env[name] = value;
    }
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
      expect(mentions[service].length, `what the ${service} error must mention`).toBeGreaterThan(0);
      expect(line).toMatch(/^error: /);
      for (const m of mentions[service]) expect(line).toMatch(m);
      expect(summary.split(line).length - 1, `"${line}" once in the diagnostics`).toBe(1);
    }
    expect(message).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(message).not.toMatch(/ConfigError|Error: Error/);
    if (options.inProcess) {
      const get = (key: string) => options.inProcess?.[key];
      for (const service of ["hms", "metered"] as const) {
        const { configure, check } = providers[service];
        await configure({ config: { get } });
        const { failures } = await check({}, { __autoName: "lobby-abcdefg" });
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

  /** What a wrong key does to each service's first call: the request, then the retry with a fresh token. */
  const WRONG_KEY: Record<Service, { method: string; path: RegExp; mentions: RegExp[] }> = {
    // An auto-named 100ms room needs no look-up: the create is the first call.
    hms: {
      method: "POST",
      path: /^\/v2\/rooms$/,
      mentions: [
        /HTTP 401: "Token validation error" \(signature is invalid\)/,
        /hms:appSecret/,
        /HMS_APP_SECRET/,
      ],
    },
    // A Metered create first looks the name up.
    metered: {
      method: "GET",
      path: /^\/api\/v1\/room\//,
      mentions: [/HTTP 401: "Invalid secret key"/, /metered:secretKey/, /METERED_SECRET_KEY/],
    },
  };

  it("wrong key: 401, one fresh-token retry, then an error naming the key and env var", async () => {
    const config = emulator.stackConfig();
    config["hms:appSecret"] = { value: "not-the-app-secret", secret: true };
    config["metered:secretKey"] = { value: "not-the-secret-key", secret: true };
    await configure(config);
    const declared = { hms: decl.hms, metered: decl.metered };
    let totalMs = 0;
    try {
      // One service's room per up: after the first failure the engine may not start the other.
      for (const service of ["hms", "metered"] as const) {
        decl.hms = service === "hms" ? declared.hms : {};
        decl.metered = service === "metered" ? declared.metered : {};
        const { message, log, ms } = await failing("up");
        totalMs += ms;
        const { method, path, mentions } = WRONG_KEY[service];
        // 401; one retry with freshly read credentials (100ms mints a new token), 401; then no more.
        expect(statuses(only(log, method, path, service))).toEqual(["401", "401"]);
        expect(log).toHaveLength(2);
        const shown = await expectOneClearError(message, {
          ...{ hms: [], metered: [] },
          [service]: mentions,
        });
        expect(Object.keys(shown)).toEqual([service]);
        expect(message).not.toContain("not-the-app-secret");
        expect(message).not.toContain("not-the-secret-key");
      }
    } finally {
      decl.hms = declared.hms;
      decl.metered = declared.metered;
    }
    report.add({
      case: "401 wrong key (each service, its own up), after the token retry",
      expected: "fails after 1 retry, names key + env var",
      observed:
        "100ms POST, Metered GET: 401 → 401 each; errors name hms:appSecret/HMS_APP_SECRET, metered:secretKey/METERED_SECRET_KEY",
      retries: "1 + 1",
      ms: totalMs,
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
    // One error per failing operation (3 previews, 2 ups), and the engine output.
    expect(scan.size).toBe(6);
    expect(
      scan.hits(emulator, { wrongSecret: "not-the-app-secret", wrongKey: "not-the-secret-key" }),
    ).toEqual([]);
  });
});
