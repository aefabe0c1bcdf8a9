import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { EmulatorClient } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("state file under concurrent writes", () => {
  it("acknowledges each write only once it is on disk, and loses none", async () => {
    const statePath = join(dir, "concurrent.json");
    const first = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    const created = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        i % 2 === 0
          ? first.hms("POST", "/rooms", { name: `c-${i}` }).then((answer) => answer.body.id as string)
          : first
              .metered("POST", "/room", { roomName: `c-${i}` })
              .then((answer) => answer.body._id as string),
      ),
    );
    // Every acknowledged room is already in the file, before close() flushes anything.
    const onDisk = JSON.parse(readFileSync(statePath, "utf8"));
    const ids = new Set([
      ...onDisk.hms.map((room: { id: string }) => room.id),
      ...onDisk.metered.map((room: { id: string }) => room.id),
    ]);
    expect(created.filter((id) => !ids.has(id))).toEqual([]);
    await first.emulator.close();

    const second = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    const rooms = (await second.control("GET", "/rooms")).body;
    expect(rooms.hms).toHaveLength(75);
    expect(rooms.metered).toHaveLength(75);
    expect((await second.hms("POST", "/rooms", { name: "c-0" })).body.id).toBe(created[0]);
    expect((await second.metered("POST", "/room", { roomName: "c-1" })).status).toBe(400);
    await second.emulator.close();
  });

  it("starts empty when the file does not exist yet and creates it on the first write", async () => {
    const statePath = join(dir, "fresh.json");
    const client = new EmulatorClient(await startEmulator({ port: 0, statePath }));
    expect((await client.control("GET", "/rooms")).body).toEqual({ hms: [], metered: [] });
    await client.metered("POST", "/room", { roomName: "first" });
    expect(JSON.parse(readFileSync(statePath, "utf8"))).toMatchObject({
      format: "video-rooms-emulator/1",
      hms: [],
      metered: [{ roomName: "first", archived: false }],
    });
    await client.emulator.close();
  });
});

describe("state file written by an earlier version", () => {
  // A file as the emulator wrote it before its services became pluggable (format video-rooms-emulator/1).
  const saved = {
    format: "video-rooms-emulator/1",
    hms: [
      {
        id: "6650a1b2c3d4e5f6a7b8c0a1",
        name: "Saved-Room",
        enabled: false,
        description: "from disk",
        templateId: "6650a1b2c3d4e5f6a7b8c902",
        region: "auto",
        recordingInfo: {
          enabled: true,
          upload_info: { type: "s3", location: "bucket", credentials: { key: "AK", secret: "SK" } },
        },
        largeRoom: false,
        webhook: { url: "https://hooks.example/x", headers: { "X-Token": "t0k" } },
        createdAt: "2026-01-02T03:04:05.678Z",
        updatedAt: "2026-01-02T03:04:05.678Z",
      },
    ],
    metered: [
      {
        id: "6650a1b2c3d4e5f6a7b8c0b1",
        roomName: "reused",
        created: "2026-01-02T03:04:05.678Z",
        archived: true,
        settings: {},
      },
      {
        id: "6650a1b2c3d4e5f6a7b8c0b2",
        roomName: "reused",
        created: "2026-01-02T03:04:06.678Z",
        archived: false,
        settings: { enableRTMPOut: true, rtmpOutURL: "rtmp://live.example/app/stream-key", enableChat: true },
      },
    ],
  };

  it("loads: rooms answer as before, secrets stay redacted in the controls, and a save keeps the layout", async () => {
    const statePath = join(dir, "earlier.json");
    writeFileSync(statePath, JSON.stringify(saved));
    const client = new EmulatorClient(await startEmulator({ port: 0, statePath }));

    const hmsRoom = await client.hms("GET", "/rooms/6650a1b2c3d4e5f6a7b8c0a1");
    expect(hmsRoom.status).toBe(200);
    expect(hmsRoom.body).toMatchObject({
      name: "Saved-Room",
      enabled: false,
      region: "eu",
      template: "emulator-webinar",
    });
    // Names are still indexed case-insensitively, disabled rooms included: create upserts onto it.
    expect((await client.hms("POST", "/rooms", { name: "saved-room" })).body.id).toBe(
      "6650a1b2c3d4e5f6a7b8c0a1",
    );

    const live = await client.metered("GET", "/room/reused");
    expect(live.body).toMatchObject({ _id: "6650a1b2c3d4e5f6a7b8c0b2", enableChat: true });
    expect((await client.metered("GET", "/rooms")).body).toHaveLength(1);

    const rooms = (await client.control("GET", "/rooms")).body;
    expect(Object.keys(rooms)).toEqual(["hms", "metered"]);
    expect(rooms.hms[0].recording_info.upload_info.credentials).toEqual({
      key: "[redacted]",
      secret: "[redacted]",
    });
    expect(rooms.hms[0].webhook.headers).toEqual({ "X-Token": "[redacted]" });
    expect(rooms.metered.map((room: { archived: boolean }) => room.archived)).toEqual([true, false]);
    expect(rooms.metered[1].rtmpOutURL).toBe("[redacted]");

    await client.metered("DELETE", "/room/reused");
    const rewritten = JSON.parse(readFileSync(statePath, "utf8"));
    // The file now also holds the 100ms templates (seeded, as the old file had none) and room codes.
    expect(Object.keys(rewritten)).toEqual(["format", "hms", "hms:templates", "hms:roomCodes", "metered"]);
    expect(rewritten["hms:templates"].map((t: { name: string }) => t.name)).toEqual([
      "emulator-default",
      "emulator-webinar",
      "emulator-classroom",
    ]);
    expect(rewritten.metered.map((room: { archived: boolean }) => room.archived)).toEqual([true, true]);
    await client.emulator.close();
  });

  it("is refused, and left untouched, when a service's rooms are missing or malformed", async () => {
    for (const [name, broken] of [
      ["no-metered.json", { format: saved.format, hms: saved.hms }],
      ["bad-room.json", { ...saved, metered: [{ ...saved.metered[0], settings: "none" }] }],
    ] as const) {
      const statePath = join(dir, name);
      const text = JSON.stringify(broken);
      writeFileSync(statePath, text);
      await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(
        `state file ${statePath} is not a video-rooms-emulator/1 state file`,
      );
      expect(readFileSync(statePath, "utf8")).toBe(text);
    }
  });
});
