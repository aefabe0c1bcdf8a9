import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
