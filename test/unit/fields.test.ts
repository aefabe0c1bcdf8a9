import { describe, expect, it } from "vitest";
import { changedProperties, unappliedProperties } from "../../provider/core/host/compare";
import { fromApi, overlay, toApi } from "../../provider/core/host/mapping";
import { normalizeRead } from "../../provider/core/host/normalize";
import { pick } from "../../provider/core/plain";
import { hmsFields, hmsRoomSchema } from "../../provider/hms/properties";
import { meteredFields, meteredRoomSchema } from "../../provider/metered/properties";

const args = {
  name: "Lobby",
  maxDurationSeconds: 600,
  recordingInfo: {
    enabled: true,
    uploadInfo: {
      type: "s3",
      location: "b",
      options: { region: "eu-west-1" },
      credentials: { key: "k", secret: "s" },
    },
  },
  adopt: true,
};

describe("field table", () => {
  it("maps properties to the API's snake_case names, at every depth, leaving out non-API ones", () => {
    expect(toApi(hmsFields, args)).toEqual({
      name: "Lobby",
      max_duration_seconds: 600,
      recording_info: {
        enabled: true,
        upload_info: {
          type: "s3",
          location: "b",
          options: { region: "eu-west-1" },
          credentials: { key: "k", secret: "s" },
        },
      },
    });
    expect(toApi(hmsFields, pick(args, ["maxDurationSeconds"]))).toEqual({ max_duration_seconds: 600 });
  });

  it("reads rooms back without trusting echoed write-only credentials", () => {
    const room = {
      name: "lobby",
      max_duration_seconds: 600,
      region: "us",
      recording_info: {
        enabled: true,
        upload_info: { type: "s3", location: "b", credentials: { key: "x", secret: "y" } },
      },
      customer_id: "c",
    };
    expect(fromApi(hmsFields, room)).toEqual({
      name: "lobby",
      maxDurationSeconds: 600,
      region: "us",
      recordingInfo: { enabled: true, uploadInfo: { type: "s3", location: "b" } },
    });
    expect(overlay(hmsFields, args, fromApi(hmsFields, room))).toMatchObject({
      recordingInfo: {
        uploadInfo: { credentials: { key: "k", secret: "s" }, options: { region: "eu-west-1" } },
      },
      region: "us",
    });
  });

  it("diffs only what the program sets, case-insensitively for names", () => {
    const recorded = { ...args, name: "lobby", region: "us", description: "set in the dashboard" };
    expect(changedProperties(hmsFields, recorded, { name: "LOBBY", maxDurationSeconds: 600 })).toEqual([]);
    expect(
      changedProperties(hmsFields, recorded, { name: "Lobby", maxDurationSeconds: 900, region: "eu" }),
    ).toEqual(["region", "maxDurationSeconds"]);
    expect(
      changedProperties(hmsFields, recorded, {
        recordingInfo: {
          ...args.recordingInfo,
          uploadInfo: { ...args.recordingInfo.uploadInfo, location: "c" },
        },
      }),
    ).toEqual(["recordingInfo"]);
    expect(
      changedProperties(hmsFields, recorded, { webhook: { url: "https://h", headers: { a: "1" } } }),
    ).toEqual(["webhook"]);
  });

  it("counts an unknown desired value as a change", () => {
    expect(
      changedProperties(hmsFields, { size: 5 }, { size: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
    ).toEqual(["size"]);
  });

  it("keeps region `auto` when 100ms reads it back as a concrete region, and never diffs it", () => {
    expect(overlay(hmsFields, { region: "auto" }, { region: "in" })).toEqual({ region: "auto" });
    expect(changedProperties(hmsFields, { region: "in" }, { region: "auto" })).toEqual([]);
    expect(changedProperties(hmsFields, { region: "auto" }, { region: "eu" })).toEqual(["region"]);
  });

  it("keeps a recorded value a read is silent about, and records an explicit null as cleared", () => {
    const recorded = { roomName: "r", maxParticipants: 50, enableChat: true, rtmpOutURL: "rtmp://x/key" };
    // Metered does not document which set fields it echoes: absent is not cleared.
    const silent = fromApi(meteredFields, { roomName: "r", enableChat: true });
    expect(overlay(meteredFields, recorded, silent)).toEqual(recorded);
    const cleared = fromApi(meteredFields, { roomName: "r", maxParticipants: null });
    expect(cleared).toEqual({ roomName: "r", maxParticipants: null });
    expect(overlay(meteredFields, recorded, cleared)).toEqual({ ...recorded, maxParticipants: null });
    expect(changedProperties(meteredFields, { maxParticipants: null }, { maxParticipants: 50 })).toEqual([
      "maxParticipants",
    ]);
  });

  it("reads numbers and booleans sent back as strings in the schema's types, and nothing else", () => {
    const read = normalizeRead(
      hmsRoomSchema,
      fromApi(hmsFields, {
        size: "40",
        enabled: "true",
        large_room: "False",
        name: "007",
        polls: ["1"],
        recording_info: { enabled: "false" },
        max_duration_seconds: "forty",
      }),
    );
    expect(read).toEqual({
      size: 40,
      enabled: true,
      largeRoom: false,
      name: "007",
      polls: ["1"],
      recordingInfo: { enabled: false },
      maxDurationSeconds: "forty",
    });
    expect(normalizeRead(meteredRoomSchema, { maxParticipants: "9", expireUnixSec: null })).toEqual({
      maxParticipants: 9,
      expireUnixSec: null,
    });
  });

  it("finds the properties a write's answer shows were not applied, and only those", () => {
    const sent = { roomName: "beta", enableChat: true, rtmpOutURL: "rtmp://x/key", maxParticipants: 5 };
    // roomName kept, enableChat applied, rtmpOutURL and maxParticipants not echoed: cannot be judged.
    expect(unappliedProperties(meteredFields, sent, { roomName: "alpha", enableChat: true })).toEqual([
      { property: "roomName", sent: "beta", kept: "alpha" },
    ]);
    // 100ms: names compare case-insensitively, `auto` is met by any region, credentials are never judged.
    const hmsSent = {
      name: "Lobby",
      region: "auto",
      recordingInfo: {
        enabled: true,
        uploadInfo: { type: "s3", location: "b", credentials: { key: "k", secret: "s" } },
      },
    };
    const answered = normalizeRead(
      hmsRoomSchema,
      fromApi(hmsFields, {
        name: "lobby",
        region: "eu",
        recording_info: { enabled: true, upload_info: { type: "s3", location: "b" } },
      }),
    );
    expect(unappliedProperties(hmsFields, hmsSent, answered)).toEqual([]);
    expect(unappliedProperties(hmsFields, { size: 40 }, { size: 10 })).toEqual([
      { property: "size", sent: 40, kept: 10 },
    ]);
  });
});
