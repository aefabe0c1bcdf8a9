import { describe, expect, it } from "vitest";
import {
  changedProperties,
  fromApi,
  overlay,
  toApi,
  withoutCleared,
} from "../../provider/core/dynamic/fields";
import { hmsFields } from "../../provider/hms/fields";
import { meteredFields } from "../../provider/metered/fields";

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
    expect(toApi(hmsFields, args, ["maxDurationSeconds"])).toEqual({ max_duration_seconds: 600 });
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

  it("reads a field missing from a room as cleared only where the API always reports set fields", () => {
    const recorded = {
      roomName: "r",
      maxParticipants: 50,
      meetingEndedWebhook: "https://h/end",
      rtmpOutURL: "rtmp://x/key",
      roomId: "id",
    };
    // Metered reports every set field but the docs never show rtmpOutURL echoed: that one stays.
    expect(withoutCleared(meteredFields, recorded, { roomName: "r", maxParticipants: 50 })).toEqual({
      roomName: "r",
      maxParticipants: 50,
      rtmpOutURL: "rtmp://x/key",
      roomId: "id",
    });
    // 100ms: only recordingInfo (gone once the room follows its template again) counts as cleared.
    expect(
      withoutCleared(hmsFields, { name: "n", size: 5, recordingInfo: { enabled: true } }, { name: "n" }),
    ).toEqual({ name: "n", size: 5 });
  });
});
