import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { videoRoomPolicies } from "../../provider/policy/index";
import { HMS_ROOM_TYPE, METERED_ROOM_TYPE, type Room, RULES } from "../../provider/policy/rules";
import { UNKNOWN } from "../../provider/policy/values";
import { loadPackage } from "../support/engine";

// @pulumi/policy's own Analyze handler, the one a pack serves to the engine (not in its public API).
const { makeAnalyzeRpcFun } = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun: (
    pack: string,
    version: string,
    level: string,
    policies: unknown[],
  ) => (
    call: { request: analyzer.AnalyzeRequest },
    cb: (err: unknown, res?: analyzer.AnalyzeResponse) => void,
  ) => void;
};

const hms = (inputs: object): Room => ({ type: HMS_ROOM_TYPE, inputs }) as Room;
const metered = (inputs: object): Room => ({ type: METERED_ROOM_TYPE, inputs }) as Room;
const props = (violations: { property: string }[]) => violations.map((v) => v.property);

describe("policy rules", () => {
  it("use the resource classes' type tokens", () => {
    const { HmsRoom, MeteredRoom } = loadPackage();
    expect(HMS_ROOM_TYPE).toBe(HmsRoom.__pulumiType);
    expect(METERED_ROOM_TYPE).toBe(MeteredRoom.__pulumiType);
  });

  it("recording storage: each list checked on its own, left-out lists allow anything, Azure has no region", () => {
    const rule = RULES["video-rooms-recording-storage"];
    const upload = { type: "s3", location: "ok-bucket", options: { region: "eu-west-1" } };
    const all = {
      allowedStorageTypes: ["s3" as const],
      allowedBuckets: ["ok-bucket"],
      allowedRegions: ["eu-west-1"],
    };
    expect(rule(hms({ recordingInfo: { uploadInfo: upload } }), all)).toEqual([]);
    expect(rule(hms({ recordingInfo: { uploadInfo: { ...upload, location: "other" } } }), {})).toEqual([]);
    expect(
      props(rule(hms({ recordingInfo: { uploadInfo: { type: "gs", location: "x", options: {} } } }), all)),
    ).toEqual([
      "recordingInfo.uploadInfo.type",
      "recordingInfo.uploadInfo.location",
      "recordingInfo.uploadInfo.options.region",
    ]);
    const [missing] = rule(
      hms({ recordingInfo: { uploadInfo: { type: "s3", location: "ok-bucket" } } }),
      all,
    );
    expect(missing?.message).toMatch(
      /^recordingInfo\.uploadInfo\.options\.region is not set, .* Allowed: eu-west-1\./,
    );
    const azure = { type: "azure", location: "ok-bucket" };
    expect(
      rule(hms({ recordingInfo: { uploadInfo: azure } }), { ...all, allowedStorageTypes: ["azure"] }),
    ).toEqual([]);
    // Recording kept by 100ms: only when own storage is required.
    expect(rule(hms({ recordingInfo: { enabled: true } }), all)).toEqual([]);
    expect(props(rule(hms({ recordingInfo: { enabled: true } }), { requireOwnStorage: true }))).toEqual([
      "recordingInfo.uploadInfo",
    ]);
    expect(rule(hms({}), all)).toEqual([]);
    expect(rule(metered({}), all)).toEqual([]);
  });

  it("session length: required and capped, per service property", () => {
    const rule = RULES["video-rooms-session-length"];
    const cfg = { required: true, maxSeconds: 7200 };
    expect(props(rule(hms({}), cfg))).toEqual(["maxDurationSeconds"]);
    expect(rule(hms({}), { ...cfg, required: false })).toEqual([]);
    expect(rule(hms({ maxDurationSeconds: 7200 }), cfg)).toEqual([]);
    const [long] = rule(metered({ ejectAfterElapsedTimeInSec: 7260 }), cfg);
    expect(long?.message).toBe(
      "ejectAfterElapsedTimeInSec is 7260 s (121 min), longer than allowed. Allowed: at most 7200 s (2 h). " +
        "Fix: set ejectAfterElapsedTimeInSec to 7200 or less (or have `maxSeconds` extended in the " +
        "video-rooms-session-length policy config).",
    );
  });

  it("public Metered rooms: expire or cap participants; private rooms and HmsRooms are not concerned", () => {
    const rule = RULES["video-rooms-metered-public-room-limits"];
    const [open] = rule(metered({}), {});
    expect(open?.message).toMatch(
      /^privacy is not set \(public: the default\), so anyone with the link can join/,
    );
    expect(props(rule(metered({ privacy: "public" }), {}))).toEqual(["privacy"]);
    expect(rule(metered({ maxParticipants: 5 }), {})).toEqual([]);
    expect(rule(metered({ expireUnixSec: 2_000_000_000 }), {})).toEqual([]);
    expect(rule(metered({ privacy: "private" }), {})).toEqual([]);
    expect(rule(hms({}), {})).toEqual([]);
  });

  it("RTMP hosts: exact names and *.subdomain patterns, case-insensitive; never shows the stream key", () => {
    const rule = RULES["video-rooms-rtmp-allowed-hosts"];
    const cfg = { allowedHosts: ["a.rtmp.youtube.com", "*.contribute.live-video.net"] };
    const url = (u: string) => metered({ rtmpOutURL: u });
    expect(rule(url("rtmp://A.RTMP.YouTube.com/live2/KEY"), cfg)).toEqual([]);
    expect(rule(url("rtmps://ingest.fra.contribute.live-video.net/app/KEY"), cfg)).toEqual([]);
    expect(rule(url("rtmp://contribute.live-video.net/app/KEY"), cfg)).toHaveLength(1);
    expect(rule(url("rtmp://evil-contribute.live-video.net/app/KEY"), cfg)).toHaveLength(1);
    const [bad] = rule(url("rtmp://user:PASS@live.evil.example:1935/app/STREAMKEY"), cfg);
    expect(bad?.message).toContain('streams to host "live.evil.example"');
    expect(bad?.message).not.toMatch(/STREAMKEY|PASS|1935/);
    expect(rule(url("rtmp://live.evil.example/app/KEY"), {})).toEqual([]);
  });

  it("webhooks: https only; the URL is shown by scheme and host", () => {
    const rule = RULES["video-rooms-https-webhooks"];
    expect(rule(hms({ webhook: { url: "https://h.example.com/x" } }), {})).toEqual([]);
    const [hook] = rule(hms({ webhook: { url: "http://h.example.com/x?token=T0KEN" } }), {});
    expect(hook?.message).toMatch(/^webhook\.url is http:\/\/h\.example\.com\/…: not https/);
    expect(hook?.message).not.toContain("T0KEN");
    const all = {
      meetingJoinWebhook: "http://a.example/j",
      meetingLeftWebhook: "https://a.example/l",
      meetingStartedWebhook: "http://a.example/s",
      meetingEndedWebhook: "http://a.example/e",
    };
    expect(props(rule(metered(all), {}))).toEqual([
      "meetingJoinWebhook",
      "meetingStartedWebhook",
      "meetingEndedWebhook",
    ]);
  });

  it("never report an unknown value", () => {
    for (const [name, rule] of Object.entries(RULES)) {
      const cfg = {
        required: true,
        maxSeconds: 1,
        allowedHosts: [],
        allowedBuckets: [],
        requireOwnStorage: true,
      };
      const unknownEverywhere = {
        maxDurationSeconds: UNKNOWN,
        recordingInfo: UNKNOWN,
        webhook: { url: UNKNOWN },
        ejectAfterElapsedTimeInSec: UNKNOWN,
        privacy: UNKNOWN,
        rtmpOutURL: UNKNOWN,
        meetingJoinWebhook: UNKNOWN,
      };
      expect([name, rule(hms(unknownEverywhere), cfg as never)]).toEqual([name, []]);
      expect([name, rule(metered(unknownEverywhere), cfg as never)]).toEqual([name, []]);
    }
    const storage = RULES["video-rooms-recording-storage"];
    const partly = hms({
      recordingInfo: { uploadInfo: { type: "gs", location: UNKNOWN, options: UNKNOWN } },
    });
    expect(
      props(storage(partly, { allowedStorageTypes: ["s3"], allowedBuckets: ["b"], allowedRegions: ["r"] })),
    ).toEqual(["recordingInfo.uploadInfo.type"]);
  });
});

/** What the engine sends a policy pack: a secret, and a value unknown during preview. */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

async function analyze(type: string, properties: Record<string, unknown>, config = {}) {
  const request = new analyzer.AnalyzeRequest();
  request.setType(type);
  request.setUrn(`urn:pulumi:dev::p::${type}::room`);
  request.setName("room");
  request.setProperties(Struct.fromJavaScript(properties as never));
  request.setOptions(new analyzer.AnalyzerResourceOptions());
  const handler = makeAnalyzeRpcFun("video-rooms", "0.1.0", "advisory", videoRoomPolicies(config));
  const response = await new Promise<analyzer.AnalyzeResponse>((resolve, reject) =>
    handler({ request }, (err, res) => (err ? reject(err) : resolve(res!))),
  );
  return response.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`);
}

describe("the policies in @pulumi/policy's own Analyze handler", () => {
  const hosts = { "video-rooms-rtmp-allowed-hosts": { allowedHosts: ["a.rtmp.youtube.com"] } };

  it("see secret inputs' values (rtmpOutURL, HmsRoom's recordingInfo and webhook) and show none of them", async () => {
    const out = await analyze(
      METERED_ROOM_TYPE,
      {
        privacy: "private",
        ejectAfterElapsedTimeInSec: 60,
        rtmpOutURL: secret("rtmp://bad.example/app/SECRETKEY"),
      },
      hosts,
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^video-rooms-rtmp-allowed-hosts: [\s\S]*MeteredRoom rtmpOutURL streams to host "bad\.example"/,
      ),
    ]);
    expect(out.join()).not.toContain("SECRETKEY");
    const hmsOut = await analyze(
      HMS_ROOM_TYPE,
      {
        maxDurationSeconds: 60,
        recordingInfo: secret({
          uploadInfo: { type: "s3", location: "bucket-x", credentials: { key: "K", secret: "S3CRET" } },
        }),
        webhook: secret({ url: "http://h.example/x?t=T0KEN", headers: { auth: "H3ADER" } }),
      },
      { "video-rooms-recording-storage": { allowedBuckets: ["bucket-y"] } },
    );
    expect(hmsOut).toEqual([
      expect.stringContaining('recordingInfo.uploadInfo.location is "bucket-x"'),
      expect.stringContaining("webhook.url is http://h.example/…: not https"),
    ]);
    expect(hmsOut.join()).not.toMatch(/S3CRET|T0KEN|H3ADER/);
  });

  it("report nothing for values unknown during preview, not even @pulumi/policy's can't-run advisory", async () => {
    const out = await analyze(
      METERED_ROOM_TYPE,
      {
        privacy: "public",
        maxParticipants: unknownValue,
        ejectAfterElapsedTimeInSec: unknownValue,
        rtmpOutURL: secret(unknownValue),
        meetingJoinWebhook: unknownValue,
      },
      hosts,
    );
    expect(out).toEqual([]);
    // The same room with those values known breaks four rules.
    const known = await analyze(
      METERED_ROOM_TYPE,
      {
        privacy: "public",
        ejectAfterElapsedTimeInSec: 86400,
        rtmpOutURL: secret("rtmp://bad.example/k"),
        meetingJoinWebhook: "http://h.example/j",
      },
      hosts,
    );
    expect(known.map((d) => d.split(":")[0])).toEqual([
      "video-rooms-session-length",
      "video-rooms-metered-public-room-limits",
      "video-rooms-rtmp-allowed-hosts",
      "video-rooms-https-webhooks",
    ]);
  });

  it("other resource types are not checked", async () => {
    expect(await analyze("aws:s3/bucket:Bucket", { webhook: { url: "http://x" } })).toEqual([]);
  });
});

describe("videoRoomPolicies", () => {
  it("takes enforcement levels and settings from its config; the settings become the schema's defaults", () => {
    const policies = videoRoomPolicies({
      "video-rooms-session-length": { enforcementLevel: "mandatory", maxSeconds: 600 },
      "video-rooms-https-webhooks": "disabled",
    });
    const byName = Object.fromEntries(policies.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual([
      "video-rooms-recording-storage",
      "video-rooms-session-length",
      "video-rooms-metered-public-room-limits",
      "video-rooms-rtmp-allowed-hosts",
      "video-rooms-https-webhooks",
    ]);
    expect(byName["video-rooms-session-length"]?.enforcementLevel).toBe("mandatory");
    expect(byName["video-rooms-session-length"]?.configSchema?.properties.maxSeconds?.default).toBe(600);
    expect(byName["video-rooms-session-length"]?.configSchema?.properties.required?.default).toBe(true);
    expect(byName["video-rooms-https-webhooks"]?.enforcementLevel).toBe("disabled");
    expect(byName["video-rooms-rtmp-allowed-hosts"]?.enforcementLevel).toBe("mandatory");
    expect(byName["video-rooms-recording-storage"]?.enforcementLevel).toBe("advisory");
    expect(
      byName["video-rooms-rtmp-allowed-hosts"]?.configSchema?.properties.allowedHosts?.default,
    ).toBeUndefined();
  });
});
