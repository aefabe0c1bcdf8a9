import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReadyInfo } from "../../emulator/index";
import { EmulatorClient } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, ".tmp/emulator-cli/emulator/cli.js");

// The CLI under test is the compiled JavaScript, as the package's bin runs it. It is built from the
// emulator sources alone, so the test does not depend on the rest of the project compiling.
beforeAll(() => {
  const tsc = createRequire(__filename).resolve("typescript/bin/tsc");
  const build = spawnSync(process.execPath, [tsc, "-p", "test/emulator/tsconfig.cli.json"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
}, 120_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  ready: ReadyInfo;
  output(): { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  running.clear();
});

function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function launch(args: string[]): Promise<Launched> {
  const started = spawnCli(["--port", "0", ...args]);
  const line = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error("no ready line within 10 s")), 10_000);
    const check = () => {
      const { stdout } = started.output();
      const end = stdout.indexOf("\n");
      if (end !== -1) {
        clearTimeout(timer);
        done(stdout.slice(0, end));
      }
    };
    started.child.stdout?.on("data", check);
    void started.exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before ready: ${started.output().stderr}`));
    });
  });
  return { ...started, ready: JSON.parse(line) as ReadyInfo };
}

const clientFor = (launched: Launched) =>
  new EmulatorClient({ url: launched.ready.url, ready: launched.ready, close: async () => undefined });

async function stop(launched: Launched, signal: NodeJS.Signals = "SIGTERM") {
  launched.child.kill(signal);
  return launched.exited;
}

describe("video-rooms-emulator CLI", () => {
  it("prints exactly one JSON ready line with the documented defaults", async () => {
    const emulator = await launch([]);
    expect(emulator.ready).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      hms: {
        accessKey: "emulator-access-key",
        appSecret: "emulator-app-secret",
        templates: [
          { id: "6650a1b2c3d4e5f6a7b8c901", name: "emulator-default" },
          { id: "6650a1b2c3d4e5f6a7b8c902", name: "emulator-webinar" },
          { id: "6650a1b2c3d4e5f6a7b8c903", name: "emulator-classroom" },
        ],
      },
      metered: { appName: "emulator", secretKey: "emulator-secret-key" },
    });
    const client = clientFor(emulator);
    expect((await client.hms("POST", "/rooms", {})).status).toBe(200);
    expect((await client.metered("POST", "/room")).status).toBe(200);
    expect(await stop(emulator)).toEqual({ code: 0, signal: null });
    const { stdout, stderr } = emulator.output();
    expect(stdout.split("\n")).toEqual([JSON.stringify(emulator.ready), ""]);
    expect(stderr).toBe("");
  });

  it("stops on SIGTERM with exit 0, closes the port and leaves no child", async () => {
    const emulator = await launch([]);
    const pid = emulator.child.pid!;
    expect(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim()).toBe("");
    expect(await stop(emulator)).toEqual({ code: 0, signal: null });
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    await expect(fetch(`${emulator.ready.url}/v2/rooms`)).rejects.toThrow();
  });

  it("stops on SIGINT with exit 0, even with an injected delay in flight", async () => {
    const emulator = await launch([]);
    const client = clientFor(emulator);
    // The longest delay the controls accept (10 min), far beyond the test timeout: the process can
    // only exit in time if shutdown cuts the delay short, so no clock reading is needed here.
    await client.control("POST", "/faults", { delayMs: 600_000 });
    const pending = client.hms("GET", "/rooms").catch(() => "dropped");
    await new Promise((done) => setTimeout(done, 100));
    expect(await stop(emulator, "SIGINT")).toEqual({ code: 0, signal: null });
    expect(await pending).toBe("dropped");
  });

  it("takes its credentials from the flags", async () => {
    const emulator = await launch([
      "--hms-access-key",
      "ak-1",
      "--hms-app-secret=sec-1",
      "--metered-app-name",
      "myapp",
      "--metered-secret-key",
      "mk-1",
      "--host",
      "127.0.0.1",
    ]);
    expect(emulator.ready.hms).toMatchObject({ accessKey: "ak-1", appSecret: "sec-1" });
    expect(emulator.ready.metered).toEqual({ appName: "myapp", secretKey: "mk-1" });
    const client = clientFor(emulator);
    expect((await client.hms("GET", "/rooms")).status).toBe(200);
    expect((await client.metered("GET", "/rooms")).status).toBe(200);
    expect((await client.metered("GET", "/rooms", undefined, "emulator-secret-key")).status).toBe(401);
    await stop(emulator);
  });

  it("prints usage for --help and refuses bad flags with exit 2", async () => {
    const help = spawnCli(["--help"]);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    expect(help.output().stdout).toContain("Usage: video-rooms-emulator");
    for (const args of [["--bogus"], ["--port", "99999"], ["--port", "abc"], ["extra"]]) {
      const bad = spawnCli(args);
      expect((await bad.exited).code, args.join(" ")).toBe(2);
      expect(bad.output().stderr).toContain("Usage:");
      expect(bad.output().stdout).toBe("");
    }
  });

  it("never prints request secrets", async () => {
    const emulator = await launch([]);
    const client = clientFor(emulator);
    const token = client.token();
    await client.hms(
      "POST",
      "/rooms",
      {
        recording_info: {
          upload_info: { type: "s3", location: "b", credentials: { key: "k-77", secret: "s-77" } },
        },
        webhook: { url: "https://h", headers: { h: "hdr-77" } },
      },
      token,
    );
    await client.metered("POST", "/room", { enableRTMPOut: true, rtmpOutURL: "rtmp://x/stream-77" });
    await client.metered("GET", "/rooms", undefined, "wrong-key-77");
    await client.control("POST", "/faults", { status: 500 });
    await client.metered("GET", "/rooms");
    await stop(emulator);
    const { stdout, stderr } = emulator.output();
    for (const secret of [token, "s-77", "k-77", "hdr-77", "stream-77", "wrong-key-77"]) {
      expect(stdout + stderr).not.toContain(secret);
    }
  });
});

describe("--state FILE", () => {
  it("keeps rooms across a restart", async () => {
    const file = join(dir, "restart.json");
    const first = await launch(["--state", file]);
    const client = clientFor(first);
    const hms = await client.hms("POST", "/rooms", { name: "kept", description: "d" });
    await client.hms("POST", `/rooms/${hms.body.id}`, { enabled: false });
    await client.metered("POST", "/room", { roomName: "kept", privacy: "private" });
    await client.metered("POST", "/room", { roomName: "archived" });
    await client.metered("DELETE", "/room/archived");
    const before = (await client.control("GET", "/rooms")).body;
    await stop(first);

    const second = await launch(["--state", file]);
    const again = clientFor(second);
    expect((await again.control("GET", "/rooms")).body).toEqual(before);
    expect((await again.hms("GET", `/rooms/${hms.body.id}`)).body).toMatchObject({
      name: "kept",
      enabled: false,
    });
    expect((await again.metered("GET", "/room/kept")).body.privacy).toBe("private");
    expect((await again.metered("GET", "/room/archived")).status).toBe(400);
    await again.control("POST", "/reset");
    await stop(second);
    const third = await launch(["--state", file]);
    expect((await clientFor(third).control("GET", "/rooms")).body).toEqual({ hms: [], metered: [] });
    await stop(third);
  });

  it("survives kill -9 during a burst of writes: the file loads and holds every acknowledged room", async () => {
    const file = join(dir, "kill9.json");
    const acknowledged = new Set<string>();
    let attempted = 0;
    for (let round = 0; round < 3; round++) {
      const emulator = await launch(["--state", file]);
      const client = clientFor(emulator);
      let killed = false;
      const worker = async (n: number) => {
        for (let i = 0; !killed; i++) {
          attempted += 1;
          try {
            if ((n + i) % 2 === 0) {
              const answer = await client.hms("POST", "/rooms", { name: `r${round}-w${n}-${i}` });
              if (answer.status === 200) acknowledged.add(answer.body.id);
            } else {
              const answer = await client.metered("POST", "/room", { roomName: `r${round}-w${n}-${i}` });
              if (answer.status === 200) acknowledged.add(answer.body._id);
            }
          } catch {
            return; // the emulator is gone
          }
        }
      };
      const workers = Array.from({ length: 12 }, (_, n) => worker(n));
      await new Promise((done) => setTimeout(done, 250 + round * 100));
      emulator.child.kill("SIGKILL");
      killed = true;
      expect((await emulator.exited).signal).toBe("SIGKILL");
      await Promise.all(workers);
    }
    expect(() => JSON.parse(readFileSync(file, "utf8"))).not.toThrow();

    const survivor = await launch(["--state", file]);
    const rooms = (await clientFor(survivor).control("GET", "/rooms")).body;
    const stored = new Set([
      ...rooms.hms.map((room: { id: string }) => room.id),
      ...rooms.metered.map((room: { _id: string }) => room._id),
    ]);
    const missing = [...acknowledged].filter((id) => !stored.has(id));
    console.log(
      `kill -9: 3 rounds, ${attempted} writes attempted, ${acknowledged.size} acknowledged, ${stored.size} rooms loaded, ${missing.length} acknowledged rooms missing`,
    );
    expect(acknowledged.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    await stop(survivor);
  });

  it("refuses to start on a corrupt or foreign state file and leaves it untouched", async () => {
    for (const [name, content, reason] of [
      ["corrupt.json", '{"format":"video-rooms-emulator/1","hms":[', "is not valid JSON"],
      ["foreign.json", '{"rooms":[]}', "is not a video-rooms-emulator/1 state file"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const started = spawnCli(["--port", "0", "--state", file]);
      expect((await started.exited).code).toBe(1);
      expect(started.output().stderr).toContain(reason);
      expect(started.output().stdout).toBe("");
      expect(readFileSync(file, "utf8")).toBe(content);
    }
  });
});
