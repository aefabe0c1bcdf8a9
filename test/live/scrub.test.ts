import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exchange, LiveHttp } from "../../scripts/live/http";
import { TEST_PREFIX } from "../../scripts/live/prefix";
import { HmsRooms, MeteredRooms } from "../../scripts/live/rooms";
import { SCRUBBED, scrub, scrubExchange } from "../../scripts/live/scrub";
import type { Target } from "../../scripts/live/target";
import { TestEmulator } from "../support/emulator";
import { emulatorTargets } from "../support/live-target";

const planted = (what: string) => `planted-${what}-${randomBytes(6).toString("hex")}`;

/** Every string leaf's JSON path, for the shape check. */
function shape(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => shape(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => shape(item, `${path}.${key}`));
  }
  return [`${path}:${value === null ? "null" : typeof value}`];
}

/**
 * What the probe commits must hold no secret: real exchanges with the emulator, with credentials
 * and secrets planted in the requests (and echoed in the answers), scrubbed, then searched.
 */
describe("scrubbing recorded exchanges", () => {
  let emulator: TestEmulator;
  let targets: Target[];
  const secrets = {
    storageKey: planted("storage-key"),
    storageSecret: planted("storage-secret"),
    webhookHeader: planted("webhook-header"),
    streamKey: planted("stream-key"),
  };
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    targets = emulatorTargets(emulator);
    for (const target of targets) {
      const http = new LiveHttp(target);
      if (target.service === "hms") {
        const rooms = new HmsRooms(http);
        const created = await rooms.create({
          name: `${TEST_PREFIX}scrub`,
          recording_info: {
            enabled: true,
            upload_info: {
              type: "s3",
              location: "bucket",
              credentials: { key: secrets.storageKey, secret: secrets.storageSecret },
            },
          },
          webhook: { url: "https://hooks.example.com/x", headers: { "x-token": secrets.webhookHeader } },
        });
        await rooms.get(String((created.response as Record<string, unknown>).id));
        // A wrong token: the answer is recorded by its label, never the token.
        await http.read({
          path: "/rooms",
          auth: { use: "bad-signature", authorization: "Bearer eyJx.eyJy.zzz" },
        });
      } else {
        const rooms = new MeteredRooms(http);
        await rooms.create({
          roomName: `${TEST_PREFIX}scrub`,
          enableRTMPOut: true,
          rtmpOutURL: `rtmp://live.example.com/app/${secrets.streamKey}`,
        });
        await rooms.get(`${TEST_PREFIX}scrub`);
      }
      exchanges.push(...http.exchanges);
    }
  });
  afterAll(async () => emulator?.close());

  it("records real exchanges that carry the planted secrets (so the scan below can fail)", () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(5);
    const raw = JSON.stringify(exchanges);
    for (const secret of Object.values(secrets)) expect(raw).toContain(secret);
  });

  it("leaves no credential, token, storage key, header or stream key in what is committed", () => {
    const known = [...targets.flatMap((target) => target.secrets), ...Object.values(secrets)];
    const committed = JSON.stringify(exchanges.map((exchange) => scrubExchange(exchange, known)));
    const { hms, metered } = emulator.running.ready;
    for (const secret of [...Object.values(secrets), hms.appSecret, metered.secretKey]) {
      expect(committed).not.toContain(secret);
    }
    expect(committed).not.toMatch(/eyJ|rtmp:\/\/|secretKey=/);
    expect(committed).toContain(SCRUBBED);
  });

  it("finds secrets by their key and by their form even when nobody said their value", () => {
    const unknownSecret = planted("unlisted");
    const scrubbed = JSON.stringify(
      exchanges.map((exchange) =>
        scrub({ ...exchange, extra: { credentials: { key: unknownSecret }, note: "token eyJa.eyJb.c" } }, []),
      ),
    );
    for (const secret of [unknownSecret, secrets.storageKey, secrets.webhookHeader, secrets.streamKey]) {
      expect(scrubbed).not.toContain(secret);
    }
    expect(scrubbed).not.toContain("eyJa.eyJb.c");
  });

  it("keeps each exchange's shape: keys and value types", () => {
    const known = Object.values(secrets);
    for (const exchange of exchanges) {
      expect(shape(scrubExchange(exchange, known))).toEqual(shape(exchange));
    }
  });
});
