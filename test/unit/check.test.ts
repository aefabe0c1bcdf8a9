import { describe, expect, it } from "vitest";
import { validate } from "../../provider/core/host/check";
import { hmsRoomSchema } from "../../provider/hms/properties";
import { meteredRoomSchema } from "../../provider/metered/properties";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** As the program checks: the values it gave are quoted (none is a secret output here). */
const PROGRAM = { values: { secretAt: () => false } };

describe("check: schema failures per property", () => {
  it("accepts a full, valid HmsRoom", () => {
    expect(
      validate(hmsRoomSchema, {
        name: "class.2024:a_b-c",
        region: "in",
        recordingInfo: {
          enabled: true,
          uploadInfo: { type: "azure", location: "c", prefix: "p/", credentials: { key: "k", secret: "s" } },
        },
        size: 20000,
        largeRoom: true,
        maxDurationSeconds: 43200,
        webhook: { url: "https://example.com/h", headers: { a: "b" } },
        polls: ["p1"],
        enabled: false,
        adopt: true,
      }),
    ).toEqual([]);
  });

  it("names nested properties in Pulumi's path syntax and says how to fix them", () => {
    expect(
      validate(
        hmsRoomSchema,
        {
          name: "has space",
          recordingInfo: { uploadInfo: { type: "dropbox", location: "" } },
          maxDurationSeconds: 100,
          size: 3000,
        },
        PROGRAM,
      ),
    ).toEqual([
      {
        property: "name",
        reason:
          'got "has space": may only contain letters, digits and . - : _ (no spaces); e.g. "daily-standup"',
      },
      {
        property: "recordingInfo.uploadInfo.type",
        reason:
          'got "dropbox": must be one of s3 (AWS), gs (Google Cloud Storage), oss (Alibaba), azure (Azure Blob); e.g. "s3"',
      },
      {
        property: "recordingInfo.uploadInfo.location",
        reason: 'got "": must name the bucket (Azure: the container); e.g. "school-recordings"',
      },
      { property: "maxDurationSeconds", reason: "got 100: must be at least 120 seconds; e.g. 3600" },
      {
        property: "size",
        reason: "got 3000: is over 2500: set largeRoom: true (allows up to 20000) or lower size; e.g. 100",
      },
    ]);
  });

  it("suggests the intended name of a misspelt property", () => {
    expect(validate(hmsRoomSchema, { regoin: "eu", recordingInfo: { enabeld: true } })).toEqual([
      {
        property: "recordingInfo.enabeld",
        reason: 'unknown property; did you mean "enabled"? Remove it or fix its name.',
      },
      { property: "regoin", reason: 'unknown property; did you mean "region"? Remove it or fix its name.' },
    ]);
  });

  it("never reports an unknown (computed) value as invalid, at any depth", () => {
    expect(
      validate(hmsRoomSchema, {
        name: UNKNOWN,
        size: UNKNOWN,
        largeRoom: UNKNOWN,
        recordingInfo: { enabled: UNKNOWN, uploadInfo: UNKNOWN },
        webhook: { url: UNKNOWN, headers: UNKNOWN },
        polls: [UNKNOWN, "p2"],
      }),
    ).toEqual([]);
    expect(
      validate(meteredRoomSchema, { enableRTMPOut: true, rtmpOutURL: UNKNOWN, expireUnixSec: UNKNOWN }),
    ).toEqual([]);
  });

  it("still reports the known values next to unknown ones", () => {
    expect(validate(hmsRoomSchema, { name: UNKNOWN, region: "mars" }, PROGRAM)).toEqual([
      { property: "region", reason: 'got "mars": must be one of in, us, eu, auto; e.g. "in"' },
    ]);
  });

  it("checks Metered's cross-field rules even when another property fails", () => {
    expect(
      validate(
        meteredRoomSchema,
        {
          privacy: "secret",
          enableRTMPOut: true,
          notBeforeUnixSec: 2000,
          expireUnixSec: 1000,
          meetingJoinWebhook: "ftp://x",
          maxParticipants: -1,
        },
        PROGRAM,
      ),
    ).toEqual([
      { property: "privacy", reason: 'got "secret": must be public or private; e.g. "public"' },
      { property: "maxParticipants", reason: "got -1: must be at least 1; e.g. 50" },
      {
        property: "meetingJoinWebhook",
        reason: 'got "ftp://x": must be an http(s) URL, e.g. https://example.com/hooks/metered',
      },
      {
        property: "rtmpOutURL",
        reason: 'is required when enableRTMPOut is true; e.g. "rtmp://a.rtmp.youtube.com/live2/<stream key>"',
      },
      { property: "notBeforeUnixSec", reason: "got 2000: must be before expireUnixSec; e.g. 1767225600" },
    ]);
  });

  it("quotes no value for the provider: the engine strips secrecy before check", () => {
    const input = { description: "x".repeat(1001), maxDurationSeconds: 100, size: null };
    expect(validate(hmsRoomSchema, input)).toEqual([
      {
        property: "description",
        reason: 'must be at most 1000 characters; e.g. "9PM English Class Batch 2"',
      },
      {
        property: "size",
        reason: "got null: must be a number from 0 to 20000; e.g. 100 (or leave it out to keep the default)",
      },
      { property: "maxDurationSeconds", reason: "must be at least 120 seconds; e.g. 3600" },
    ]);
  });
});
