import { createRequire } from "node:module";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RoomProvider as Provider } from "../../provider/core/host/room-provider";
import { TestEmulator } from "../support/emulator";
import { collect, engineStack, loadPackage, REPO_ROOT } from "../support/engine";
import { intKnob } from "../support/knobs";
import { Report, SecretScan } from "../support/reliability";

/**
 * Property-based checks of both schemas through the compiled providers' `check` (loaded from
 * node_modules, as the engine's host loads them). For thousands of generated inputs: `check` never
 * throws; each invalid property is reported under its own path with a reason that says what to do;
 * nothing valid is reported; values not known yet (preview's sentinels, at any depth) are never
 * reported invalid; and no API call is made. Then a real-engine preview with unknown values at
 * every depth, which must pass without an API call.
 */

type Plain = Record<string, unknown>;
type CheckFailure = pulumi.dynamic.CheckFailure;

const requireFromRepo = createRequire(join(REPO_ROOT, "package.json"));
const providers = {
  hms: requireFromRepo("pulumi-video-rooms/dist/provider/hms/provider.js") as Provider,
  metered: requireFromRepo("pulumi-video-rooms/dist/provider/metered/provider.js") as Provider,
};

const fields = {
  hms: requireFromRepo("pulumi-video-rooms/dist/provider/hms/properties.js").hmsFields as Plain,
  metered: requireFromRepo("pulumi-video-rooms/dist/provider/metered/properties.js").meteredFields as Plain,
};

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The typed sentinels the engine also uses (pulumi-dynamic.md §1.8). */
const TYPED_UNKNOWNS = [
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];
/** A reason "says what to do": a rule, a limit, a choice, a removal, a suggestion. */
const SAYS_WHAT_TO_DO =
  /must|did you mean|remove|required|needs|set |use |looks like|only|at least|at most|give /i;
/** A validation library's own wording: never what a user reads. */
const STOCK = /Invalid input|expected \w+, received|Too (small|big)|Unrecognized/;
const RUNS = intKnob("PROPERTY_RUNS", 1500);

type Path = (string | number)[];
const dot = (path: Path) => z.core.toDotPath(path);

/** One deliberate fault in an otherwise valid input. */
interface Mutation {
  /** Top-level properties it sets (no two mutations of one case touch the same one). */
  touches: string[];
  apply(args: Plain): void;
  /** Where the failure must be reported. */
  path: Path;
  /** Other top-level properties the rule reads: if one of them is unknown, no failure is due. */
  involves?: string[];
  /** Paths where a consequential failure is also acceptable (a cross-field rule's other side). */
  alsoAt?: Path[];
  /** What the reason must say, beyond SAYS_WHAT_TO_DO. */
  reason?: RegExp;
  /** An unknown property name is wrong whatever its value: never replaced by a sentinel. */
  keyError?: boolean;
}

const set =
  (prop: string, value: unknown, path: Path = [prop], extra: Partial<Mutation> = {}) =>
  (): Mutation => ({
    touches: [prop],
    apply: (args) => {
      args[prop] = value;
    },
    path,
    ...extra,
  });

/** Values of every JSON type but the given one. */
function notA(kind: "string" | "number" | "boolean" | "object" | "array"): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 8 }),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
    boolean: fc.boolean(),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    array: fc.array(fc.integer(), { maxLength: 2 }),
  };
  return fc.oneof(fc.constant(null), ...Object.entries(all).flatMap(([k, a]) => (k === kind ? [] : [a])));
}

function wrongType(prop: string, kind: Parameters<typeof notA>[0]): fc.Arbitrary<Mutation> {
  return notA(kind).map((value) => set(prop, value)());
}

function badValues(
  prop: string,
  values: unknown[],
  kind: Parameters<typeof notA>[0],
): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.constantFrom(...values).map((v) => set(prop, v)()),
    wrongType(prop, kind),
  );
}

/** An unknown property name, at the top level or inside `at` (an otherwise valid `base` object). */
function unknownKey(names: string[], at: Path = [], base: Plain = {}): fc.Arbitrary<Mutation> {
  return fc.tuple(fc.constantFrom(...names), fc.jsonValue()).map(([name, value]) =>
    at.length === 0
      ? set(name, value, [name], { keyError: true, reason: /Remove it or fix its name/ })()
      : {
          touches: [String(at[0])],
          apply: (args: Plain) => {
            args[String(at[0])] = { ...base, [name]: value };
          },
          path: [...at, name],
          keyError: true,
          reason: /Remove it or fix its name/,
        },
  );
}

// ---------------------------------------------------------------------------------------------
// 100ms

const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
const url = (schemes: string[]) => fc.webUrl({ validSchemes: schemes, withQueryParameters: true });

const hmsValid: fc.Arbitrary<Plain> = fc
  .record(
    {
      name: fc.stringMatching(/^[A-Za-z0-9.\-:_]{1,40}$/),
      description: fc.string({ maxLength: 60 }),
      templateId: fc.stringMatching(/^[0-9a-f]{24}$/),
      region: fc.constantFrom("in", "us", "eu", "auto"),
      recordingInfo: fc.record(
        {
          enabled: fc.boolean(),
          uploadInfo: fc.record(
            {
              type: fc.constantFrom("s3", "gs", "oss", "azure"),
              location: nonEmpty,
              prefix: fc.string({ maxLength: 10 }),
              options: fc.record({ region: nonEmpty }, { requiredKeys: [] }),
              credentials: fc.record({ key: nonEmpty, secret: nonEmpty }),
            },
            { requiredKeys: ["type", "location"] },
          ),
        },
        { requiredKeys: [] },
      ),
      size: fc.integer({ min: 0, max: 20000 }),
      largeRoom: fc.boolean(),
      maxDurationSeconds: fc.integer({ min: 120, max: 43200 }),
      webhook: fc.record(
        { url: url(["http", "https"]), headers: fc.dictionary(nonEmpty, fc.string(), { maxKeys: 3 }) },
        { requiredKeys: ["url"] },
      ),
      polls: fc.array(nonEmpty, { maxLength: 3 }),
      enabled: fc.boolean(),
      adopt: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((args: Plain) => {
    // Over 2500 peers needs largeRoom: true.
    if (typeof args.size === "number" && args.size > 2500) args.largeRoom = true;
    return args;
  });

const hmsMutations: fc.Arbitrary<Mutation>[] = [
  badValues("name", ["", "has space", "a/b", "x".repeat(201)], "string"),
  badValues("description", ["x".repeat(1001)], "string"),
  badValues("templateId", ["abc", "Z".repeat(24), "0123456789ABCDEF01234567"], "string"),
  badValues("region", ["mars", "EU", ""], "string"),
  wrongType("recordingInfo", "object"),
  notA("boolean").map((v) => set("recordingInfo", { enabled: v }, ["recordingInfo", "enabled"])()),
  fc.constant(
    set("recordingInfo", { uploadInfo: { type: "ftp", location: "b" } }, [
      "recordingInfo",
      "uploadInfo",
      "type",
    ])(),
  ),
  fc.constant(
    set("recordingInfo", { uploadInfo: { type: "s3" } }, ["recordingInfo", "uploadInfo", "location"], {
      reason: /required/,
    })(),
  ),
  fc.constant(
    set(
      "recordingInfo",
      { uploadInfo: { type: "gs", location: "b", credentials: { key: "k" } } },
      ["recordingInfo", "uploadInfo", "credentials", "secret"],
      { reason: /required/ },
    )(),
  ),
  unknownKey(["enabeld", "upload_info", "bucket"], ["recordingInfo"]),
  badValues("size", [-1, 2.5, 20001], "number"),
  fc.integer({ min: 2501, max: 20000 }).map(
    (size): Mutation => ({
      touches: ["size", "largeRoom"],
      apply: (args) => {
        args.size = size;
        args.largeRoom = false;
      },
      path: ["size"],
      involves: ["largeRoom"],
      reason: /largeRoom: true/,
    }),
  ),
  wrongType("largeRoom", "boolean"),
  badValues("maxDurationSeconds", [119, 0, 43201, 600.5], "number"),
  wrongType("webhook", "object"),
  fc
    .constantFrom("ftp://example.com/hook", "not a url", "example.com/hook")
    .map((u) => set("webhook", { url: u }, ["webhook", "url"])()),
  fc.constant(set("webhook", {}, ["webhook", "url"], { reason: /required/ })()),
  notA("string").map((v) =>
    set("webhook", { url: "https://example.com/h", headers: { "x-k": v } }, ["webhook", "headers", "x-k"])(),
  ),
  fc.constant(set("webhook", { url: "https://example.com/h", headers: "secret" }, ["webhook", "headers"])()),
  unknownKey(["secret", "header"], ["webhook"], { url: "https://example.com/h" }),
  wrongType("polls", "array"),
  fc.constant(set("polls", ["ok", ""], ["polls", 1])()),
  notA("string").map((v) => set("polls", [v], ["polls", 0])()),
  wrongType("enabled", "boolean"),
  wrongType("adopt", "boolean"),
  unknownKey(["regoin", "templateID", "nmae", "enable", "custom_field"]),
];

// ---------------------------------------------------------------------------------------------
// Metered

const METERED_BOOLEANS = [
  "ejectAtRoomExp",
  "autoJoin",
  "showInviteBox",
  "enableRequestToJoin",
  "enableChat",
  "newChatForMeetingSession",
  "enableScreenSharing",
  "joinVideoOn",
  "joinAudioOn",
  "enableRecording",
  "ownerOnlyBroadcast",
  "recordRoom",
  "audioOnlyRoom",
  "enableComposition",
  "recordComposition",
  "enableRTMPOut",
  "enableLiveStreaming",
  "deleteOnExp",
  "adopt",
] as const;
const WEBHOOKS = ["meetingJoinWebhook", "meetingLeftWebhook", "meetingStartedWebhook", "meetingEndedWebhook"];
const MAX_UNIX = 99_999_999_999;
/** What needs `enableComposition: true`. */
const COMPOSED = ["recordComposition", "enableRTMPOut", "enableLiveStreaming"];

const meteredValid: fc.Arbitrary<Plain> = fc
  .record(
    {
      roomName: fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/).filter((n) => n !== "." && n !== ".."),
      privacy: fc.constantFrom("public", "private"),
      expireUnixSec: fc.integer({ min: 1, max: MAX_UNIX }),
      notBeforeUnixSec: fc.integer({ min: 0, max: MAX_UNIX }),
      maxParticipants: fc.integer({ min: 1, max: 10_000 }),
      ejectAfterElapsedTimeInSec: fc.integer({ min: 0, max: 1_000_000 }),
      endMeetingAfterNoActivityInSec: fc.integer({ min: 0, max: 1_000_000 }),
      compositionLayout: fc.constantFrom("grid", "active_speaker"),
      rtmpOutURL: fc
        .tuple(fc.constantFrom("rtmp", "rtmps"), fc.domain(), nonEmpty.map(encodeURIComponent))
        .map(([s, host, key]) => `${s}://${host}/live2/${key}`),
      ...Object.fromEntries(METERED_BOOLEANS.map((b) => [b, fc.boolean()])),
      ...Object.fromEntries(WEBHOOKS.map((w) => [w, url(["http", "https"])])),
    },
    { requiredKeys: [] },
  )
  .map((args: Plain) => {
    // The cross-field rules, satisfied.
    if (typeof args.notBeforeUnixSec === "number" && typeof args.expireUnixSec === "number") {
      if (args.notBeforeUnixSec >= args.expireUnixSec) args.notBeforeUnixSec = args.expireUnixSec - 1;
    }
    if (args.enableComposition === false) {
      for (const k of COMPOSED) if (args[k] === true) args[k] = false;
    }
    if (args.enableRTMPOut === true && args.rtmpOutURL === undefined)
      args.rtmpOutURL = "rtmp://a.example.com/live/k";
    return args;
  });

/** A bad Unix time can also trip the "notBefore before expire" rule on the other field. */
const unixBad = (prop: string) =>
  fc
    .oneof(fc.constantFrom(-1, 1.5, 1_700_000_000_000), notA("number"))
    .map((v) => set(prop, v, [prop], { alsoAt: [["notBeforeUnixSec"]] })());

const meteredMutations: fc.Arbitrary<Mutation>[] = [
  // "." and ".." are not addressable: every URL parser folds them out of /room/<name>.
  badValues("roomName", ["", "has space", "a/b", "x".repeat(101), ".", "..", "ümlaut"], "string"),
  badValues("privacy", ["secret", "PUBLIC", ""], "string"),
  unixBad("expireUnixSec"),
  unixBad("notBeforeUnixSec"),
  fc.integer({ min: 0, max: MAX_UNIX - 1 }).chain((expire) =>
    fc.integer({ min: expire, max: MAX_UNIX }).map(
      (notBefore): Mutation => ({
        touches: ["expireUnixSec", "notBeforeUnixSec"],
        apply: (args) => {
          args.expireUnixSec = expire;
          args.notBeforeUnixSec = notBefore;
        },
        path: ["notBeforeUnixSec"],
        involves: ["expireUnixSec"],
        reason: /before expireUnixSec/,
      }),
    ),
  ),
  badValues("maxParticipants", [0, -3, 2.5], "number"),
  ...METERED_BOOLEANS.map((b) =>
    // A non-boolean composition flag must not trip the composition rules on the other fields.
    wrongType(b, "boolean"),
  ),
  badValues("ejectAfterElapsedTimeInSec", [-1, 2.5], "number"),
  badValues("endMeetingAfterNoActivityInSec", [-60, 0.5], "number"),
  ...WEBHOOKS.map((w) => badValues(w, ["ftp://example.com/x", "nope", "example.com/hook"], "string")),
  badValues("compositionLayout", ["mosaic", "Grid"], "string"),
  badValues("rtmpOutURL", ["http://a.example.com/live", "nope", "rtmp:/x"], "string"),
  fc.constant<Mutation>({
    touches: ["enableRTMPOut", "rtmpOutURL", "enableComposition"],
    apply: (args) => {
      args.enableRTMPOut = true;
      delete args.rtmpOutURL;
      delete args.enableComposition;
    },
    path: ["rtmpOutURL"],
    involves: ["enableRTMPOut"],
    reason: /required when enableRTMPOut is true/,
  }),
  fc.constantFrom(...COMPOSED).map(
    (needs): Mutation => ({
      touches: ["enableComposition", ...COMPOSED, "rtmpOutURL"],
      apply: (args) => {
        args.enableComposition = false;
        for (const other of COMPOSED) args[other] = other === needs;
        args.rtmpOutURL = "rtmp://a.example.com/live/k";
      },
      path: [needs],
      involves: ["enableComposition"],
      reason: /needs enableComposition: true/,
    }),
  ),
  unknownKey(["enableChatt", "roomname", "privacyy", "lang", "_id"]),
];

// ---------------------------------------------------------------------------------------------
// Cases: a valid object, up to three mutations, then up to three subtrees replaced by sentinels.

interface Case {
  args: Plain;
  mutations: Mutation[];
  holes: Path[];
}

/** Paths of every value in the object (not the root), at every depth. */
function nodePaths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...nodePaths(v, [...at, i])]);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...nodePaths(v, [...at, k])]);
  }
  return [];
}

const isPrefix = (prefix: Path, path: Path) =>
  prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

function setAt(root: Plain, path: Path, value: unknown): void {
  let current: Record<string | number, unknown> = root;
  for (const seg of path.slice(0, -1)) current = current[seg] as Record<string | number, unknown>;
  current[path[path.length - 1]!] = value;
}

function cases(valid: fc.Arbitrary<Plain>, mutations: fc.Arbitrary<Mutation>[], maxMutations: number) {
  return fc
    .tuple(
      valid,
      mutations.length === 0
        ? fc.constant<Mutation[]>([])
        : fc.array(fc.oneof(...mutations), { maxLength: maxMutations }),
    )
    .map(([base, candidates]) => {
      const args: Plain = structuredClone(base);
      const chosen: Mutation[] = [];
      for (const m of candidates) {
        if (chosen.some((c) => c.touches.some((t) => m.touches.includes(t)))) continue;
        m.apply(args);
        chosen.push(m);
      }
      return { args, mutations: chosen };
    })
    .chain(({ args, mutations: chosen }) => {
      const holeable = nodePaths(args).filter(
        (p) => !chosen.some((m) => m.keyError && isPrefix(m.path, p) && p.length >= m.path.length),
      );
      return fc
        .tuple(
          fc.subarray(holeable, { maxLength: Math.min(3, holeable.length) }),
          fc.array(
            fc.oneof({ weight: 4, arbitrary: fc.constant(UNKNOWN) }, fc.constantFrom(...TYPED_UNKNOWNS)),
            {
              minLength: 3,
              maxLength: 3,
            },
          ),
        )
        .map(([holes, sentinels]): Case => {
          const withHoles: Plain = structuredClone(args);
          const applied: Path[] = [];
          holes.forEach((hole, i) => {
            if (applied.some((h) => isPrefix(h, hole))) return;
            setAt(withHoles, hole, sentinels[i]);
            applied.push(hole);
          });
          return { args: withHoles, mutations: chosen, holes: applied };
        });
    });
}

/** Asserts what `check` must say about one case; returns the failures. */
async function expectCheck(provider: Provider, c: Case): Promise<CheckFailure[]> {
  const news = { ...c.args, __autoName: "room-abcdefg", __provider: "provider-text" };
  const { inputs, failures } = await provider.check({}, news);
  expect(Array.isArray(failures)).toBe(true);
  const covered = (path: Path) => c.holes.some((h) => isPrefix(h, path));
  const coveredName = (prop: string) => c.holes.some((h) => String(h[0]) === prop);
  const reported = failures.map((f) => f.property);
  for (const f of failures) {
    expect(f.property, JSON.stringify(f)).toMatch(/\S/);
    expect(f.reason, JSON.stringify(f)).toMatch(SAYS_WHAT_TO_DO);
    expect(f.reason, JSON.stringify(f)).not.toMatch(STOCK);
    // Every failure but a misspelt name gives a valid value to copy.
    if (!f.reason.startsWith("unknown property")) expect(f.reason, JSON.stringify(f)).toMatch(/\be\.g\. \S/);
  }
  // Unknown values are never reported invalid, at any depth.
  for (const hole of c.holes) {
    const at = dot(hole);
    for (const f of failures) {
      const under = f.property === at || f.property.startsWith(`${at}.`) || f.property.startsWith(`${at}[`);
      expect(under, `${f.property} is reported though ${at} is unknown`).toBe(false);
    }
  }
  // Every fault not hidden by an unknown is reported at its path, saying what to do.
  const allowed = new Set<string>();
  for (const m of c.mutations) {
    allowed.add(dot(m.path));
    for (const p of m.alsoAt ?? []) allowed.add(dot(p));
    const due = !covered(m.path) && !(m.involves ?? []).some(coveredName);
    if (!due) continue;
    const hit = failures.find((f) => f.property === dot(m.path));
    expect(hit, `no failure at ${dot(m.path)}; got ${JSON.stringify(failures)}`).toBeDefined();
    if (m.reason) expect(hit!.reason).toMatch(m.reason);
  }
  // Nothing valid is reported.
  for (const p of reported)
    expect(allowed, `unexpected failure at ${p}: ${JSON.stringify(failures)}`).toContain(p);
  // The provider text always travels on (the engine needs it to call us again).
  expect(inputs.__provider).toBe("provider-text");
  return failures;
}

describe("check over both schemas (fast-check, the compiled providers)", () => {
  let emulator: TestEmulator;
  const report = new Report("properties");
  const counts = { hms: { runs: 0, invalid: 0, holes: 0 }, metered: { runs: 0, invalid: 0, holes: 0 } };
  const scan = new SecretScan();

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const config = emulator.stackConfig();
    const get = (key: string) => config[key]?.value;
    // As the engine's host would: Configure first, with the stack's config (credentials included).
    await providers.hms.configure({ config: { get } });
    await providers.metered.configure({ config: { get } });
  });

  afterAll(async () => {
    report.flush();
    await emulator?.close();
  });

  for (const [service, valid, mutations, nameProp] of [
    ["hms", hmsValid, hmsMutations, "name"],
    ["metered", meteredValid, meteredMutations, "roomName"],
  ] as const) {
    it(`${service}: invalid properties are reported at their path with a fix; unknowns never`, async () => {
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(cases(valid, mutations, 3), async (c) => {
          const failures = await expectCheck(providers[service], c);
          counts[service].runs++;
          if (failures.length > 0) counts[service].invalid++;
          if (c.holes.length > 0) counts[service].holes++;
          for (const f of failures) scan.add("failure", f);
        }),
        { numRuns: RUNS },
      );
      report.add({
        case: `check, ${service}: ${RUNS} inputs, up to 3 faults + 3 unknowns (any depth) each`,
        expected: "never throws; each fault at its path with a fix; no unknown reported",
        observed: `${counts[service].invalid} rejected, ${counts[service].holes} with unknowns`,
        retries: "-",
        ms: Math.round(performance.now() - started),
      });
    });

    it(`${service}: valid inputs pass, with unknowns anywhere, and keep their name`, async () => {
      await fc.assert(
        fc.asyncProperty(cases(valid, [], 0), async (c) => {
          const { inputs, failures } = await providers[service].check(
            {},
            {
              ...c.args,
              __autoName: "room-abcdefg",
            },
          );
          expect(failures).toEqual([]);
          expect(inputs[nameProp]).toBe(c.args[nameProp] ?? "room-abcdefg");
        }),
        { numRuns: RUNS },
      );
    });

    it(`${service}: arbitrary garbage never makes check throw`, async () => {
      const keys = Object.keys(fields[service]);
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.anything(), {
            maxKeys: 6,
          }),
          async (news) => {
            const { failures } = await providers[service].check({}, { ...news, __autoName: "room-abcdefg" });
            for (const f of failures) {
              expect(typeof f.property).toBe("string");
              expect(f.reason).toMatch(/\S/);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it("made no API call, and no failure text carries a secret", async () => {
    expect(await emulator.requests()).toEqual([]);
    expect(scan.hits(emulator)).toEqual([]);
  });

  it("a real-engine preview with unknown values at every depth passes, without an API call", async () => {
    const program = async () => {
      const { HmsRoom, MeteredRoom } = loadPackage();
      const source = new HmsRoom("source", {});
      const id = source.roomId; // unknown during the preview of a new stack
      new HmsRoom("depths", {
        description: id,
        maxDurationSeconds: id.apply(() => 600),
        recordingInfo: {
          enabled: id.apply(() => true),
          uploadInfo: {
            type: "s3",
            location: id,
            options: { region: id },
            credentials: { key: id, secret: id },
          },
        },
        webhook: { url: id.apply((x) => `https://example.com/${x}`), headers: { "x-room": id } },
        polls: [id, "poll-1"],
      });
      new HmsRoom("whole", {
        recordingInfo: id.apply(() => ({ enabled: true })),
        webhook: id.apply(() => ({ url: "https://example.com" })),
      });
      new MeteredRoom("depths", {
        roomName: id.apply((x) => `room-${x}`),
        expireUnixSec: id.apply(() => 2_000_000_000),
        notBeforeUnixSec: 1_900_000_000,
        enableComposition: id.apply(() => true),
        enableRTMPOut: true,
        rtmpOutURL: id.apply((x) => `rtmp://a.example.com/live/${x}`),
        meetingJoinWebhook: id.apply((x) => `https://example.com/${x}`),
      });
    };
    const out: string[] = [];
    const env = await engineStack({ project: "rel-unknowns", program, config: emulator.stackConfig() });
    try {
      await emulator.clearRequests();
      const preview = await env.stack.preview({ onOutput: collect(out) });
      expect(preview.changeSummary).toEqual({ create: 5 });
      expect(await emulator.requests()).toEqual([]);
      expect(out.join("")).not.toMatch(/error|failed/i);
    } finally {
      await env.dispose();
    }
  });
});
