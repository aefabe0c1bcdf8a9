import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/engine";
import { type ProgramDir, programDir } from "../support/program-dir";

/** The example pack users copy: the engine starts it through the language host's RunPlugin. */
const PACK = join(REPO_ROOT, "examples", "policy");

// One program, two stacks: `violating` breaks every rule, `compliant` follows them (and holds
// values unknown during preview that would break them if known).
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { HmsRoom, MeteredRoom } from "pulumi-video-rooms";

if (pulumi.getStack() === "violating") {
  new HmsRoom("recorded", {
    maxDurationSeconds: 3600,
    recordingInfo: {
      enabled: true,
      uploadInfo: {
        type: "gs",
        location: "tmp-dump",
        options: { region: "us-east1" },
        credentials: { key: "GOOG-KEY-ID-0042", secret: "storage-secret-0042" },
      },
    },
    webhook: { url: "http://hooks.example.com/100ms?token=hook-token-0042", headers: { "x-auth": "header-secret-0042" } },
  });
  new HmsRoom("open-ended", { region: "eu" });
  new MeteredRoom("drop-in", { enableChat: true, ejectAfterElapsedTimeInSec: 86400 });
  new MeteredRoom("stream", {
    privacy: "private",
    ejectAfterElapsedTimeInSec: 3600,
    enableComposition: true,
    enableRTMPOut: true,
    rtmpOutURL: "rtmp://live.evil.example/app/STREAM-KEY-0042",
    meetingEndedWebhook: "http://hooks.example.com/metered/ended",
  });
} else {
  const recorded = new HmsRoom("recorded", {
    maxDurationSeconds: 3600,
    recordingInfo: {
      enabled: true,
      uploadInfo: {
        type: "s3",
        location: "school-recordings",
        options: { region: "eu-west-1" },
        credentials: { key: "AWS-KEY-ID-0042", secret: "storage-secret-0042" },
      },
    },
    webhook: { url: "https://hooks.example.com/100ms" },
  });
  new MeteredRoom("drop-in", { privacy: "public", maxParticipants: 12, ejectAfterElapsedTimeInSec: 3600 });
  new MeteredRoom("stream", {
    privacy: "private",
    ejectAfterElapsedTimeInSec: 7200,
    enableComposition: true,
    enableRTMPOut: true,
    rtmpOutURL: "rtmp://a.rtmp.youtube.com/live2/STREAM-KEY-0042",
    meetingJoinWebhook: "https://hooks.example.com/metered/join",
  });
  // Unknown during preview (the room above is not created yet): each would break a rule if known.
  const later = recorded.roomId;
  new MeteredRoom("unknowns", {
    maxParticipants: later.apply(() => 10),
    ejectAfterElapsedTimeInSec: later.apply(() => 86400),
    enableComposition: true,
    enableRTMPOut: true,
    rtmpOutURL: pulumi.interpolate\`rtmp://live.evil.example/app/\${later}\`,
    meetingLeftWebhook: pulumi.interpolate\`http://hooks.example.com/\${later}\`,
  });
  new HmsRoom("hms-unknowns", {
    maxDurationSeconds: later.apply(() => 43200),
    recordingInfo: { enabled: true, uploadInfo: { type: "s3", location: later, options: { region: "eu-west-1" } } },
  });
}
`;

const MANDATORY = join(PACK, "policy-config.json");

// The violating stack's violations, one line each, as the pack reports them with the example's
// config (examples/policy/index.ts and policy-config.json). The policies see checked inputs: the
// provider's check sets `privacy` to its default, "public".
const VIOLATIONS = {
  storageType:
    'HmsRoom recordingInfo.uploadInfo.type is "gs", which is not an allowed storage type. Allowed: s3. Fix: set recordingInfo.uploadInfo.type to one of them (or have `allowedStorageTypes` extended in the video-rooms-recording-storage policy config).',
  bucket:
    'HmsRoom recordingInfo.uploadInfo.location is "tmp-dump", which is not an allowed bucket. Allowed: school-recordings, school-archive. Fix: set recordingInfo.uploadInfo.location to one of them (or have `allowedBuckets` extended in the video-rooms-recording-storage policy config).',
  region:
    'HmsRoom recordingInfo.uploadInfo.options.region is "us-east1", which is not an allowed region. Allowed: eu-west-1. Fix: set recordingInfo.uploadInfo.options.region to one of them (or have `allowedRegions` extended in the video-rooms-recording-storage policy config).',
  hmsWebhook:
    "HmsRoom webhook.url is http://hooks.example.com/…: not https, so events and the data in them travel unencrypted. Allowed: https:// URLs only. Fix: set webhook.url to an https:// URL.",
  hmsNoLimit:
    "HmsRoom maxDurationSeconds is not set, so sessions in this room have no length limit. Allowed: at most 14400 s (4 h). Fix: set maxDurationSeconds to 14400 or less.",
  meteredTooLong:
    "MeteredRoom ejectAfterElapsedTimeInSec is 86400 s (24 h), longer than allowed. Allowed: at most 14400 s (4 h). Fix: set ejectAfterElapsedTimeInSec to 14400 or less (or have `maxSeconds` extended in the video-rooms-session-length policy config).",
  publicRoom:
    'MeteredRoom privacy is "public", so anyone with the link can join, and neither expireUnixSec nor maxParticipants is set. Allowed: a public room with expireUnixSec or maxParticipants, or a private room. Fix: set expireUnixSec (when the room closes) or maxParticipants, or privacy: "private".',
  rtmp: 'MeteredRoom rtmpOutURL streams to host "live.evil.example" (the rest of the URL holds the stream key and is not shown), which is not an allowed RTMP host. Allowed: a.rtmp.youtube.com, b.rtmp.youtube.com, *.contribute.live-video.net. Fix: stream to an allowed host (or have `allowedHosts` extended in the video-rooms-rtmp-allowed-hosts policy config).',
  meteredWebhook:
    "MeteredRoom meetingEndedWebhook is http://hooks.example.com/…: not https, so events and the data in them travel unencrypted. Allowed: https:// URLs only. Fix: set meetingEndedWebhook to an https:// URL.",
};

/** Secret inputs: the policies see them (the violations above prove it), the output never shows them. */
const SECRETS = [
  "STREAM-KEY-0042",
  "storage-secret-0042",
  "header-secret-0042",
  "hook-token-0042",
  "KEY-ID-0042",
];

/**
 * The real engine runs the example policy pack (examples/policy, through the repo's language
 * host's RunPlugin) against `pulumi preview` of a program directory, once per enforcement setup.
 */
describe("the policy pack with the real engine", () => {
  let program: ProgramDir;
  let emulator: TestEmulator;
  const preview = async (label: string, stack: string, config: string) => {
    const out = await program.pulumi(
      "preview",
      "--stack",
      stack,
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      config,
    );
    const text = out.stdout + out.stderr;
    const policies = text.slice(Math.max(0, text.indexOf("Policies:")));
    process.stdout.write(`[policy] ${label}: exit ${out.code}\n${policies.trim()}\n\n`);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // A policy that tripped on a value unknown during preview reports this (as an advisory).
    expect(text).not.toMatch(/can't run policy/);
    return { ...out, text };
  };

  /** The output as one line per violation message (the CLI wraps nothing, but indents). */
  const flat = (text: string) => text.replace(/\s+/g, " ");

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    program = programDir({ project: "policy-test", program: PROGRAM, env: emulator.environment() });
    for (const stack of ["violating", "compliant"]) await program.pulumi("stack", "init", stack);
    writeFileSync(
      join(program.dir, "advisory.json"),
      JSON.stringify({
        "video-rooms-recording-storage": "advisory",
        "video-rooms-session-length": { enforcementLevel: "advisory", maxSeconds: 100000 },
        "video-rooms-metered-public-room-limits": "advisory",
        "video-rooms-rtmp-allowed-hosts": "advisory",
        "video-rooms-https-webhooks": "disabled",
      }),
    );
  });

  afterAll(async () => {
    await emulator?.close();
    program?.dispose();
  });

  it("fails a preview breaking mandatory rules, naming each violation", async () => {
    const out = await preview("violating stack, every policy mandatory", "violating", MANDATORY);
    expect(out.code).not.toBe(0);
    const text = flat(out.text);
    for (const message of Object.values(VIOLATIONS)) expect(text).toContain(message);
    for (const policy of [
      "video-rooms-recording-storage",
      "video-rooms-session-length",
      "video-rooms-metered-public-room-limits",
      "video-rooms-rtmp-allowed-hosts",
      "video-rooms-https-webhooks",
    ]) {
      expect(text).toMatch(new RegExp(`\\[mandatory\\]\\s+${policy}`));
    }
    // A preview calls no API for creates.
    expect(await emulator.requests()).toEqual([]);
  });

  it("passes a preview with advisory rules, warning; a disabled rule reports nothing", async () => {
    const out = await preview(
      "violating stack, advisory (maxSeconds 100000), https webhooks disabled",
      "violating",
      join(program.dir, "advisory.json"),
    );
    expect(out.code).toBe(0);
    const text = flat(out.text);
    for (const key of ["storageType", "region", "publicRoom", "rtmp"] as const) {
      expect(text).toContain(VIOLATIONS[key]);
    }
    // This config file leaves allowedBuckets to the pack's code, and raises maxSeconds.
    expect(text).toContain(
      VIOLATIONS.bucket.replace("school-recordings, school-archive", "school-recordings"),
    );
    expect(text).toContain(
      VIOLATIONS.hmsNoLimit.replace("14400 s (4 h)", "100000 s").replace("to 14400", "to 100000"),
    );
    expect(text).toMatch(/\[advisory\]\s+video-rooms-rtmp-allowed-hosts/);
    expect(text).not.toMatch(/\[mandatory\]/);
    // Disabled, and a maximum raised by the config file: not reported.
    expect(text).not.toContain("video-rooms-https-webhooks");
    expect(text).not.toContain("ejectAfterElapsedTimeInSec is 86400");
  });

  it("passes a compliant preview with no violation, values unknown during preview included", async () => {
    const out = await preview("compliant stack, every policy mandatory", "compliant", MANDATORY);
    expect(out.code).toBe(0);
    expect(out.text).toMatch(/\+ 6 to create/);
    expect(out.text).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(out.text).not.toContain("video-rooms-");
  });
});
