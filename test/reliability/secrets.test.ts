import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { UpOptions } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { managementToken } from "../../scripts/live/hms-token";
import { TestEmulator } from "../support/emulator";
import { collect, type EngineStack, engineStack } from "../support/engine";
import { type Declared, failureOf, Report, roomsProgram, SecretScan, timed } from "../support/reliability";
import { SECRETS_IN_PLAY } from "../support/secrets";
import type { StateResource } from "../support/state";

/**
 * The secrets scan. A full lifecycle through the real engine at verbose logging (`-v=9`, logs to
 * stderr, flowed to the plugins too, debug output), with every secret-bearing field set and
 * rotated, both ways of authenticating to 100ms (app secret, then a ready management token), and
 * an API that echoes what it was sent into its error messages. Afterwards none of the secrets may
 * appear in `pulumi stack export`, anything any pulumi command printed (stdout and stderr, the
 * debug and -v=9 logs of the engine, the language host and the dynamic-provider host included),
 * any error message, or the emulator's request log; and the serialized `__provider` must hold no
 * credential.
 */

/** Rotated values (the update step): the old and the new must both stay out of everything. */
const ROTATED = {
  storageSecret2: "storage-secret-rotated-7777",
  webhookHeader2: "webhook-header-rotated-8888",
  rtmpUrl2: "rtmps://live.example.com/app/stream-key-rotated-9999",
  streamKey2: "stream-key-rotated-9999",
};

/**
 * Every operation runs as verbosely as the engine can: `--debug`, `-v=9 --logtostderr`, and
 * `--logflow`, which passes the verbosity on to the plugins (language host, dynamic-provider host).
 */
const VERBOSE = { logVerbosity: 9, logToStdErr: true, logFlow: true, debug: true } satisfies UpOptions;

/**
 * Known, not ours: the Pulumi Node SDK's own debug line for a finished RegisterResource (or
 * ReadResource) RPC, `log.debug(\`RegisterResource RPC finished: ${label}; err: ..., resp: ${innerResponse}\`)`
 * in node_modules/@pulumi/pulumi/runtime/resource.js (3.276.0: lines 597 and 602; ReadResource: 214),
 * prints the engine's response, that is the resource's outputs, secret values in plaintext. It
 * runs in the program (language host), is sent to the engine as a debug log message and printed
 * with --debug (and at -v=9). Every resource with a secret output does this whatever the provider
 * does, since the response carries the secret's value inside its secret wrapper. So these
 * messages (and only these, matched exactly, first line and continuation lines) are set aside and
 * checked separately: they must hold no credential, and the last test shows what they do hold.
 */
const SDK_DUMP = /(Register|Read)Resource RPC finished: resource:/;

function withoutSdkDumps(text: string): { kept: string; dropped: string } {
  const kept: string[] = [];
  const dropped: string[] = [];
  let inDump = false;
  for (const line of text.split("\n")) {
    if (SDK_DUMP.test(line)) inDump = true;
    else if (inDump && !/^ {4}(?!debug: )/.test(line) && line !== "") inDump = false;
    (inDump ? dropped : kept).push(line);
  }
  return { kept: kept.join("\n"), dropped: dropped.join("\n") };
}

/**
 * An API that answers every write 400, quoting the method, the URL (query included) and the body.
 * Reads go through to `upstream` (the emulator), so a write that first confirms its room by a
 * read (Metered's update) still gets to send its body.
 */
async function echoServer(upstream: string): Promise<{ url: string; server: Server; seen: number }> {
  const state = { url: "", server: createServer(), seen: 0 };
  state.server.on("request", (req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (req.method === "GET") {
        const headers: Record<string, string> = {};
        if (req.headers.authorization) headers.authorization = req.headers.authorization;
        fetch(`${upstream}${req.url}`, { headers }).then(
          async (answer) => {
            res.writeHead(answer.status, { "content-type": "application/json" });
            res.end(await answer.text());
          },
          () => res.destroy(),
        );
        return;
      }
      state.seen++;
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ message: `cannot ${req.method} ${req.url}: bad input ${body}`, details: [body] }),
      );
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

describe("secrets never leak: state, verbose engine output, errors, emulator log, __provider", () => {
  let emulator: TestEmulator;
  let env: EngineStack;
  let token = "";
  const out: string[] = [];
  const err: string[] = [];
  const scan = new SecretScan();
  /** The SDK's RegisterResource dumps, set aside from the engine output. */
  const sdkDumps = new SecretScan();
  const report = new Report("secrets");
  const decl: Declared = { hms: {}, metered: {} };
  let totalMs = 0;
  /** The room's codes, by name (`roomCode:<role>`), once made: scanned for like the other secrets. */
  const roomCodes: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const { hms } = emulator.running.ready;
    token = managementToken(hms.accessKey, hms.appSecret);
    decl.hms.recorded = {
      name: "secret-room",
      recordingInfo: {
        enabled: true,
        uploadInfo: {
          type: "s3",
          location: "recordings",
          options: { region: "eu-west-1" },
          credentials: { key: SECRETS_IN_PLAY.storageKey, secret: SECRETS_IN_PLAY.storageSecret },
        },
      },
      webhook: { url: "https://example.com/hooks", headers: { "x-shared": SECRETS_IN_PLAY.webhookHeader } },
      // Room codes (and the join links holding them) are secrets 100ms makes: secret outputs.
      roomCodes: true,
    };
    decl.metered.stream = {
      roomName: "secret-stream",
      enableComposition: true,
      enableRTMPOut: true,
      rtmpOutURL: SECRETS_IN_PLAY.rtmpUrl,
    };
    env = await engineStack({
      project: "rel-secrets",
      program: roomsProgram(decl),
      config: { ...emulator.stackConfig(), "hms:prebuiltSubdomain": { value: "acme" } },
    });
  });

  afterAll(async () => {
    report.flush();
    await env?.dispose();
    await emulator?.close();
  });

  const opts = () => ({ ...VERBOSE, onOutput: collect(out), onError: collect(err) });

  /** Engine output: scanned strictly, except the SDK's own RegisterResource dumps. */
  function addEngineText(what: string, text: string) {
    const { kept, dropped } = withoutSdkDumps(text);
    scan.add(what, kept);
    if (dropped) sdkDumps.add(what, dropped);
  }

  async function exportState(what: string): Promise<StateResource[]> {
    const { stdout, stderr } = await env.run(["stack", "export"]);
    scan.add(`stack export (${what})`, stdout);
    scan.add(`stack export stderr (${what})`, stderr);
    return JSON.parse(stdout).deployment.resources as StateResource[];
  }

  it("create, then rotate every secret-bearing field, at verbose logging", async () => {
    const { ms: createMs } = await timed(async () => {
      const up = await env.stack.up(opts());
      expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
      addEngineText("up stdout", up.stdout);
      addEngineText("up stderr", up.stderr);
    });
    const [made] = (await emulator.rooms()).hms as { id: string }[];
    const listed = (await emulator.hms("GET", `/room-codes/room/${made!.id}`)).data as {
      role: string;
      code: string;
    }[];
    for (const { role, code } of listed) roomCodes[`roomCode:${role}`] = code;
    expect(Object.keys(roomCodes).sort()).toEqual(["roomCode:guest", "roomCode:host"]);
    const hms = decl.hms.recorded!;
    decl.hms.recorded = {
      ...hms,
      recordingInfo: {
        enabled: true,
        uploadInfo: {
          type: "s3",
          location: "recordings",
          options: { region: "eu-west-1" },
          credentials: { key: SECRETS_IN_PLAY.storageKey, secret: ROTATED.storageSecret2 },
        },
      },
      webhook: { url: "https://example.com/hooks", headers: { "x-shared": ROTATED.webhookHeader2 } },
    };
    decl.metered.stream = { ...decl.metered.stream, rtmpOutURL: ROTATED.rtmpUrl2 };
    const { ms: updateMs } = await timed(async () => {
      const up = await env.stack.up(opts());
      expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
      addEngineText("up stdout", up.stdout);
      addEngineText("up stderr", up.stderr);
    });
    totalMs += createMs + updateMs;
    // The new values reached the API (so they really travelled through everything scanned).
    const { hms: rooms, metered } = await emulator.rooms();
    expect(rooms).toHaveLength(1);
    expect(metered).toHaveLength(1);
    // Verbose logging really was on: the engine's level-9 log records are there.
    expect(err.join("")).toMatch(/"v":9\b/);
    // --debug really was on: the SDK's debug messages are printed (stdout) and logged (stderr),
    // and those kept in the strict scan include the program side's RegisterResource requests.
    expect(out.join("")).toMatch(/debug: RegisterResource RPC prepared: t=pulumi-nodejs:dynamic\/hms:Room/);
    expect(err.join("")).toMatch(/RegisterResource RPC prepared: t=pulumi-nodejs:dynamic\/metered:Room/);
    expect(withoutSdkDumps(out.join("")).kept).toMatch(/debug: RegisterResource RPC prepared/);
    await exportState("after update");
  });

  /** The changes the echoing API refuses (each puts its secrets in the request body). */
  const refused = {
    hms: () => {
      const recorded = decl.hms.recorded!;
      return { ...recorded, recordingInfo: { ...(recorded.recordingInfo as object), enabled: false } };
    },
    metered: () => ({ ...decl.metered.stream!, enableChat: true }),
  };

  it("an API that echoes its input into errors: the messages are scrubbed", async () => {
    const echo = await echoServer(emulator.url);
    const declared = { hms: decl.hms.recorded!, metered: decl.metered.stream! };
    try {
      await env.stack.setAllConfig({
        "hms:apiUrl": { value: `${echo.url}/v2` },
        "metered:apiUrl": { value: echo.url },
        "hms:maxRetries": { value: "0" },
        "metered:maxRetries": { value: "0" },
      });
      // One changed room per up (the other is unchanged: no step, no call), so each service's
      // error is shown whatever the engine does with a sibling once a step has failed.
      const cases = [
        {
          service: "hms",
          change: () => {
            decl.hms.recorded = refused.hms();
          },
          echoed: /cannot POST \/v2\/rooms\/[0-9a-f]{24}: bad input \{.*\[redacted\]/,
        },
        {
          service: "metered",
          change: () => {
            decl.metered.stream = refused.metered();
          },
          echoed:
            /cannot PUT \/api\/v1\/room\/secret-stream\?secretKey=\[redacted\]: bad input \{.*\[redacted\]/,
        },
      ];
      for (const c of cases) {
        decl.hms.recorded = declared.hms;
        decl.metered.stream = declared.metered;
        c.change();
        const seenBefore = echo.seen;
        const { value: message, ms } = await timed(() => failureOf(env.stack.up(opts())));
        totalMs += ms;
        addEngineText(`error (echoing API, ${c.service})`, message);
        // The write reached the echo, and its echo the error text, with the secrets cut out of it.
        expect(echo.seen, c.service).toBeGreaterThan(seenBefore);
        expect(message).toMatch(c.echoed);
      }
    } finally {
      decl.hms.recorded = declared.hms;
      decl.metered.stream = declared.metered;
      await env.stack.setAllConfig({
        "hms:apiUrl": { value: `${emulator.url}/v2` },
        "metered:apiUrl": { value: emulator.url },
      });
      await env.stack.removeAllConfig(["hms:maxRetries", "metered:maxRetries"]);
      echo.server.close();
    }
  });

  it("switch 100ms to a ready management token, update, refresh, then destroy, at verbose logging", async () => {
    await env.stack.removeAllConfig(["hms:accessKey", "hms:appSecret"]);
    await env.stack.setConfig("hms:managementToken", { value: token, secret: true });
    decl.hms.recorded = refused.hms();
    decl.metered.stream = refused.metered();
    const { ms } = await timed(async () => {
      // The changes the echoing API refused, now applied with the token. (An up also records the
      // new config for the default provider: refresh and destroy run with what state records.)
      const up = await env.stack.up(opts());
      expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
      addEngineText("up stdout", up.stdout);
      addEngineText("up stderr", up.stderr);
      const refresh = await env.stack.refresh({ ...opts() });
      expect(refresh.summary.result).toBe("succeeded");
      addEngineText("refresh stdout", refresh.stdout);
      addEngineText("refresh stderr", refresh.stderr);
      const resources = await exportState("after refresh");
      const providers = resources
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .flatMap((r) => [r.inputs?.__provider, r.outputs?.__provider]);
      expect(providers).toHaveLength(4);
      for (const text of providers) {
        // A plain require of the installed module: no captured value, no credential, not even a secret.
        expect(typeof text).toBe("string");
        expect(text as string).toMatch(
          /require\("pulumi-video-rooms\/dist\/provider\/(hms|metered)\/provider\.js"\)/,
        );
        expect((text as string).length).toBeLessThan(1024);
        scan.add("__provider", text);
      }
      // Secret-bearing outputs are ciphertext in state.
      const hms = resources.find((r) => r.type === "pulumi-nodejs:dynamic/hms:Room")!;
      const metered = resources.find((r) => r.type === "pulumi-nodejs:dynamic/metered:Room")!;
      for (const value of [
        hms.outputs?.recordingInfo,
        hms.outputs?.webhook,
        hms.outputs?.roomCodes,
        hms.outputs?.joinUrls,
        metered.outputs?.rtmpOutURL,
      ]) {
        expect(value).toHaveProperty("ciphertext");
      }
      const destroy = await env.stack.destroy({ ...opts() });
      expect(destroy.summary.resourceChanges).toMatchObject({ delete: 3 });
      addEngineText("destroy stdout", destroy.stdout);
      addEngineText("destroy stderr", destroy.stderr);
    });
    totalMs += ms;
    // The token really was used: the emulator only accepts it, and the disable went through.
    const { hms } = await emulator.rooms();
    expect(hms[0]).toMatchObject({ enabled: false });
  });

  it("none of the secrets appears anywhere", async () => {
    addEngineText("engine stdout (all operations)", out.join(""));
    addEngineText("engine stderr at -v=9 (all operations)", err.join(""));
    scan.add("emulator request log", await emulator.requests());
    scan.add("emulator rooms (as served to tests)", await emulator.rooms());
    const hits = scan.hits(emulator, { ...ROTATED, ...roomCodes, managementToken: token });
    report.add({
      case: "secrets scan: state, -v=9 engine output, errors (incl. an echoing API), emulator log, __provider",
      expected: "no secret anywhere",
      observed: `${scan.size} texts, ${Math.round(err.join("").length / 1024)} KiB of verbose log; hits: ${hits.length}`,
      retries: "-",
      ms: totalMs,
    });
    expect(hits).toEqual([]);
  });

  it("known, Pulumi SDK: its RegisterResource debug dumps show secret outputs, but never a credential", () => {
    // Not this package's text: the SDK logs the engine's response to the program. A user secret
    // the program itself passed in comes back there; credentials never do (they are not inputs).
    // Where (3.276.0): the `RegisterResource RPC finished: resource:<name>[<type>]; err: null,
    // resp: ...` message of both rooms, three times over: the `debug:` lines of the engine's
    // stdout (--debug), and two -v=9 records on its stderr (the message as logged, and
    // `eventSink::Debug(...)`). Which user secrets (those the program passed in), never a credential:
    const hits = sdkDumps.hits(emulator, { ...ROTATED, ...roomCodes, managementToken: token });
    expect(hits.length).toBeGreaterThan(0);
    // Room codes are secret outputs too: the SDK's dump of the response shows them the same way.
    const allowed = new Set([
      ...Object.keys(SECRETS_IN_PLAY),
      "rtmpStreamKey",
      ...Object.keys(ROTATED),
      ...Object.keys(roomCodes),
    ]);
    expect(hits.filter((h) => !allowed.has(h.slice(h.lastIndexOf(": ") + 2)))).toEqual([]);
  });
});
