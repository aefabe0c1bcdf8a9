import { isPlainObject } from "../http/body";
import type { Reply } from "../http/reply";
import { invalidBodyParam } from "./errors";
import type { JsonObject } from "./records";

// Validation of template bodies (hms-templates-api.md §3, §7) with the documented defaults filled
// in. No template error text is documented, so every failure is 400 `Invalid body param` with a
// detail naming the field by its path (`roles.host.priority must be …`), the wording rooms use.
// Unknown fields are dropped, as rooms ignore them (hms-api.md §14.6); `null` counts as absent.

/** The parts of a template a create (T1) or full update (T4) body sets. */
export interface TemplateParts {
  name?: string;
  roles?: Record<string, JsonObject>;
  settings?: JsonObject;
  destinations?: JsonObject;
  plugins?: JsonObject;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: Reply };

/** A validation failure deep inside a body; thrown so each checker stays a straight list of fields. */
class Invalid extends Error {}

function fail(detail: string): never {
  throw new Invalid(detail);
}

/** Runs a checker, turning its {@link Invalid} into the 400 reply. */
function attempt<T>(check: () => T): Result<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: invalidBodyParam(error.message) };
    throw error;
  }
}

const TEMPLATE_NAME = /^[A-Za-z0-9 ._:-]+$/;
const REGIONS: readonly string[] = ["in", "us", "eu", "auto"];
const UPLOAD_TYPES: readonly string[] = ["s3", "gs", "oss", "azure"];
const PUBLISH_KINDS: readonly string[] = ["audio", "video", "screen", "simulcast"];
const PERMISSIONS: readonly string[] = [
  "endRoom",
  "removeOthers",
  "mute",
  "unmute",
  "changeRole",
  "sendRoomState",
  "pollRead",
  "pollWrite",
  "browserRecording",
  "rtmpStreaming",
  "hlsStreaming",
];
// The three flags whose documented default is true; the others default to false and, like every
// false flag never sent, are left out of responses (§3.2).
const PERMISSIONS_ON = { browserRecording: true, rtmpStreaming: true, hlsStreaming: true };
const RIDS = ["f", "h", "q"];

/** A field of `o`, `undefined` when absent or `null` (own properties only). */
function field(o: JsonObject, key: string): unknown {
  return (Object.hasOwn(o, key) ? o[key] : undefined) ?? undefined;
}

function object(value: unknown, path: string): JsonObject {
  if (!isPlainObject(value)) fail(`${path} must be an object`);
  return value;
}

function optionalObject(o: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = field(o, key);
  return value === undefined ? undefined : object(value, `${path}.${key}`);
}

function int(o: JsonObject, key: string, path: string, min: number, max: number, fallback?: number) {
  const value = field(o, key);
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${path}.${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function num(o: JsonObject, key: string, path: string, min: number, max: number): number | undefined {
  const value = field(o, key);
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    fail(`${path}.${key} must be a number from ${min} to ${max}`);
  }
  return value;
}

function bool(o: JsonObject, key: string, path: string): boolean | undefined {
  const value = field(o, key);
  if (value !== undefined && typeof value !== "boolean") fail(`${path}.${key} must be a boolean`);
  return value as boolean | undefined;
}

function str(o: JsonObject, key: string, path: string, allowed?: readonly string[]): string | undefined {
  const value = field(o, key);
  if (value === undefined) return undefined;
  if (typeof value !== "string") fail(`${path}.${key} must be a string`);
  if (allowed && !allowed.includes(value)) fail(`${path}.${key} must be one of ${allowed.join(", ")}`);
  return value;
}

function strings(o: JsonObject, key: string, path: string, allowed?: readonly string[]) {
  const value = field(o, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    fail(`${path}.${key} must be an array of strings`);
  }
  if (allowed && value.some((item) => !allowed.includes(item))) {
    fail(`${path}.${key} must only hold ${allowed.join(", ")}`);
  }
  return [...value] as string[];
}

/** Sets the defined values of `values` on a new object, in order (absent stays absent). */
function compact(values: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** A map of named entries (roles, destinations), each checked by `entry` with its key. */
function namedMap(value: unknown, path: string, entry: (item: unknown, name: string) => JsonObject) {
  const map = object(value, path);
  return Object.fromEntries(Object.keys(map).map((name) => [name, entry(map[name], name)]));
}

// --- roles (§3.2) ---

/** A role with the documented defaults filled in; `name` is the map key or the R2 path. */
export function parseRole(value: unknown, name: string, path = `roles.${name}`): Result<JsonObject> {
  return attempt(() => role(value, name, path));
}

function role(value: unknown, name: string, path: string): JsonObject {
  const o = object(value, path);
  const permissions = optionalObject(o, "permissions", path) ?? {};
  const flags: JsonObject = {};
  for (const flag of PERMISSIONS) {
    const set = bool(permissions, flag, `${path}.permissions`);
    const fallback = (PERMISSIONS_ON as Record<string, boolean>)[flag];
    if (set !== undefined || fallback !== undefined) flags[flag] = set ?? fallback;
  }
  return {
    name,
    publishParams: publishParams(optionalObject(o, "publishParams", path) ?? {}, `${path}.publishParams`),
    subscribeParams: subscribeParams(
      optionalObject(o, "subscribeParams", path) ?? {},
      `${path}.subscribeParams`,
    ),
    permissions: flags,
    priority: int(o, "priority", path, 1, 5, 1),
    maxPeerCount: int(o, "maxPeerCount", path, -1, Number.MAX_SAFE_INTEGER, 0),
  };
}

function publishParams(o: JsonObject, path: string): JsonObject {
  const audio = optionalObject(o, "audio", path) ?? {};
  const video = optionalObject(o, "video", path) ?? {};
  const screen = optionalObject(o, "screen", path) ?? {};
  const simulcast = optionalObject(o, "simulcast", path);
  return compact({
    allowed: strings(o, "allowed", path, PUBLISH_KINDS) ?? ["audio", "video", "screen"],
    audio: {
      bitRate: int(audio, "bitRate", `${path}.audio`, 16, 128, 32),
      codec: str(audio, "codec", `${path}.audio`, ["opus"]) ?? "opus",
    },
    video: {
      bitRate: int(video, "bitRate", `${path}.video`, 30, 2000, 256),
      codec: str(video, "codec", `${path}.video`, ["vp8"]) ?? "vp8",
      frameRate: int(video, "frameRate", `${path}.video`, 1, 30, 25),
      width: int(video, "width", `${path}.video`, 50, 1920, 320),
      height: int(video, "height", `${path}.video`, 50, 1080, 180),
    },
    screen: {
      bitRate: int(screen, "bitRate", `${path}.screen`, 500, Number.MAX_SAFE_INTEGER, 1024),
      codec: str(screen, "codec", `${path}.screen`, ["vp8"]) ?? "vp8",
      frameRate: int(screen, "frameRate", `${path}.screen`, 1, 30, 10),
      width: int(screen, "width", `${path}.screen`, 480, 1920, 1280),
      height: int(screen, "height", `${path}.screen`, 270, 1080, 720),
    },
    simulcast: simulcast && {
      video: simulcastLayers(
        optionalObject(simulcast, "video", `${path}.simulcast`),
        `${path}.simulcast.video`,
      ),
      screen: simulcastLayers(
        optionalObject(simulcast, "screen", `${path}.simulcast`),
        `${path}.simulcast.screen`,
      ),
    },
  });
}

function simulcastLayers(o: JsonObject | undefined, path: string): JsonObject {
  if (o === undefined) return {};
  const value = field(o, "layers");
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.length > 3) fail(`${path}.layers must be an array of at most 3 layers`);
  let previousScale = 0;
  const layers = value.map((item, i) => {
    const at = `${path}.layers[${i}]`;
    const layer = object(item, at);
    // rid order f > h > q without repeats, starting with f (§3.2): the i-th layer must be RIDS[i].
    if (field(layer, "rid") !== RIDS[i]) fail(`${at}.rid must be ${RIDS[i]}`);
    const scale = num(layer, "scaleResolutionDownBy", at, 1, 12);
    if (scale === undefined || (i === 0 ? scale !== 1 : scale <= previousScale)) {
      fail(`${at}.scaleResolutionDownBy must be ${i === 0 ? "1.0" : "greater than the previous layer's"}`);
    }
    previousScale = scale;
    const maxFramerate = int(layer, "maxFramerate", at, 1, 30);
    if (maxFramerate === undefined) fail(`${at}.maxFramerate is required`);
    return {
      rid: RIDS[i],
      scaleResolutionDownBy: scale,
      maxBitrate: int(layer, "maxBitrate", at, 0, 2000, 0),
      maxFramerate,
    };
  });
  return { layers };
}

function subscribeParams(o: JsonObject, path: string): JsonObject {
  const degradation = optionalObject(o, "subscribeDegradation", path);
  const at = `${path}.subscribeDegradation`;
  return compact({
    subscribeToRoles: strings(o, "subscribeToRoles", path) ?? [],
    maxSubsBitRate: int(o, "maxSubsBitRate", path, 0, Number.MAX_SAFE_INTEGER, 3200),
    // Its presence turns degradation on (§3.2), so it is filled only when sent.
    subscribeDegradation: degradation && {
      packetLossThreshold: int(degradation, "packetLossThreshold", at, 1, 100, 50),
      degradeGracePeriodSeconds: int(degradation, "degradeGracePeriodSeconds", at, 1, 10, 1),
      recoverGracePeriodSeconds: int(degradation, "recoverGracePeriodSeconds", at, 1, 10, 4),
    },
  });
}

// --- settings (§3.3) ---

/** Settings with the defaults filled in: `roomState.stopRoomStateOnJoin: true`, `retry: {}`, `recording: null`. */
export function parseSettings(value: unknown): Result<JsonObject> {
  return attempt(() => settings(value));
}

function settings(value: unknown): JsonObject {
  const path = "settings";
  const o = object(value, path);
  const roomState = optionalObject(o, "roomState", path) ?? {};
  const interval = int(roomState, "messageInterval", `${path}.roomState`, 5, 3600);
  if (interval !== undefined && interval % 5 !== 0)
    fail(`${path}.roomState.messageInterval must be a multiple of 5`);
  // No default region is documented (§9.10): `auto`, so rooms on the template pick one per session.
  return {
    region: str(o, "region", path, REGIONS) ?? "auto",
    recording: recording(optionalObject(o, "recording", path), `${path}.recording`),
    roomState: compact({
      messageInterval: interval,
      sendPeerList: bool(roomState, "sendPeerList", `${path}.roomState`),
      stopRoomStateOnJoin: bool(roomState, "stopRoomStateOnJoin", `${path}.roomState`) ?? true,
      enabled: bool(roomState, "enabled", `${path}.roomState`),
    }),
    retry: {},
  };
}

function recording(o: JsonObject | undefined, path: string): JsonObject | null {
  if (o === undefined) return null;
  const upload = optionalObject(o, "upload", path);
  if (upload === undefined) return compact({ enabled: bool(o, "enabled", path) });
  const at = `${path}.upload`;
  const type = str(upload, "type", at, UPLOAD_TYPES);
  if (type === undefined) fail(`${at}.type is required`);
  const location = str(upload, "location", at);
  if (!location) fail(`${at}.location is required`);
  const options = optionalObject(upload, "options", at);
  const credentials = optionalObject(upload, "credentials", at);
  let saved: JsonObject | undefined;
  if (credentials) {
    const key = str(credentials, "key", `${at}.credentials`);
    // Requests send `secretKey` (§3.3); `secret`, the rooms API's and v1's name, is taken too.
    const secret =
      str(credentials, "secretKey", `${at}.credentials`) ?? str(credentials, "secret", `${at}.credentials`);
    if (!key || !secret) fail(`${at}.credentials needs key and secretKey`);
    saved = { key, secretKey: secret };
  }
  return compact({
    enabled: bool(o, "enabled", path),
    upload: compact({
      type,
      location,
      prefix: str(upload, "prefix", at),
      options: options && compact({ region: str(options, "region", `${at}.options`) }),
      credentials: saved,
    }),
  });
}

// --- destinations (§3.4) ---

/** Destinations as sent (unknown kinds dropped), each entry checked and named after its key. */
export function parseDestinations(value: unknown, templateSettings: JsonObject): Result<JsonObject> {
  return attempt(() => destinations(value, templateSettings));
}

function destinations(value: unknown, templateSettings: JsonObject): JsonObject {
  const path = "destinations";
  const o = object(value, path);
  const ownStorage =
    isPlainObject(templateSettings.recording) && templateSettings.recording.upload !== undefined;
  const kinds: Record<string, (entry: JsonObject, at: string) => void> = {
    rtmpDestinations: (entry, at) => {
      const urls = strings(entry, "rtmpUrls", at);
      if (urls && urls.length > 3) fail(`${at}.rtmpUrls must hold at most 3 URLs`);
      bool(entry, "recordingEnabled", at);
    },
    hlsDestinations: (entry, at) => hls(entry, at, ownStorage),
    transcriptions: transcription,
    browserRecordings: (entry, at) => {
      if (!str(entry, "role", at)) fail(`${at}.role is required`);
    },
  };
  const result: JsonObject = {};
  for (const [kind, check] of Object.entries(kinds)) {
    const map = field(o, kind);
    if (map === undefined) continue;
    result[kind] = namedMap(map, `${path}.${kind}`, (item, name) => {
      const at = `${path}.${kind}.${name}`;
      const entry = object(item, at);
      check(entry, at);
      return { ...structuredClone(entry), name: str(entry, "name", at) || name };
    });
  }
  return result;
}

function hls(entry: JsonObject, at: string, ownStorage: boolean): void {
  const layers = hlsLayers(field(entry, "layers"), `${at}.layers`) ?? [];
  str(entry, "playlistType", at, ["event", "live"]);
  int(entry, "numPlaylistSegments", at, 3, 150);
  const rec = optionalObject(entry, "recording", at);
  if (rec === undefined) return;
  const recLayers = hlsLayers(field(rec, "layers"), `${at}.recording.layers`);
  const same = (a: JsonObject, b: JsonObject) => a.width === b.width && a.height === b.height;
  if (recLayers?.some((layer) => !layers.some((own) => same(layer, own)))) {
    fail(`${at}.recording.layers must be a subset of ${at}.layers`);
  }
  // Zip uploads need the customer's own bucket (§3.4); the error text is not documented.
  if (bool(rec, "enableZipUpload", `${at}.recording`) && !ownStorage) {
    fail(`${at}.recording.enableZipUpload needs settings.recording.upload`);
  }
}

function hlsLayers(value: unknown, path: string): JsonObject[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(`${path} must be an array`);
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    const layer = object(item, at);
    const width = int(layer, "width", at, 2, 1920);
    const height = int(layer, "height", at, 2, 1080);
    if ((width !== undefined && width % 2 !== 0) || (height !== undefined && height % 2 !== 0)) {
      fail(`${at} sizes must be even`);
    }
    if (width !== undefined && height !== undefined) {
      const [short, long] = [Math.min(width, height), Math.max(width, height)];
      if (short < 144 || short > 1080 || long < 192 || long > 1920) {
        fail(`${at} must have its shorter side in 144-1080 and its longer side in 192-1920`);
      }
    }
    return layer;
  });
}

function transcription(entry: JsonObject, at: string): void {
  if (!str(entry, "role", at)) fail(`${at}.role is required`);
  const modes = strings(entry, "modes", at, ["recorded", "live", "caption"]) ?? [];
  strings(entry, "outputModes", at, ["txt", "srt", "json"]);
  strings(entry, "customVocabulary", at);
  const summary = optionalObject(entry, "summary", at);
  if (summary) {
    const context = str(summary, "context", `${at}.summary`);
    if (context !== undefined && context.length > 300)
      fail(`${at}.summary.context must be at most 300 characters`);
    num(summary, "temperature", `${at}.summary`, 0.1, 1);
    const sections = field(summary, "sections");
    if (sections !== undefined) {
      if (!Array.isArray(sections) || sections.length > 6)
        fail(`${at}.summary.sections must hold at most 6 sections`);
      sections.forEach((item, i) => {
        const section = object(item, `${at}.summary.sections[${i}]`);
        const title = str(section, "title", `${at}.summary.sections[${i}]`);
        if (title !== undefined && title.length > 100)
          fail(`${at}.summary.sections[${i}].title must be at most 100 characters`);
        str(section, "format", `${at}.summary.sections[${i}]`, ["bullets", "paragraph"]);
      });
    }
  }
  const translation = optionalObject(entry, "translation", at);
  if (translation && bool(translation, "enabled", `${at}.translation`) && !modes.includes("caption")) {
    fail(`${at}.translation needs the caption mode`);
  }
}

// --- plugins (§3.5) and the whole template ---

function plugins(value: unknown): JsonObject {
  const o = object(value, "plugins");
  const whiteboard = optionalObject(o, "whiteboard", "plugins");
  const wbPermissions = whiteboard && optionalObject(whiteboard, "permissions", "plugins.whiteboard");
  for (const list of ["admin", "writer", "reader"]) {
    if (wbPermissions) strings(wbPermissions, list, "plugins.whiteboard.permissions");
  }
  const transcriptions = optionalObject(o, "transcriptions", "plugins");
  if (transcriptions) {
    str(transcriptions, "mode", "plugins.transcriptions", ["caption"]);
    const permissions = optionalObject(transcriptions, "permissions", "plugins.transcriptions");
    if (permissions) strings(permissions, "admin", "plugins.transcriptions.permissions");
  }
  return structuredClone(o);
}

/**
 * A T1 (create) or T4 (full update) body. T4 needs `roles` and `settings` (§4.4, §8.3); a create
 * fills them. A create without a name gets none here; the caller generates one.
 */
export function parseTemplate(body: JsonObject, mode: "create" | "update"): Result<TemplateParts> {
  return attempt(() => {
    const name = str(body, "name", "template");
    if (name !== undefined && !TEMPLATE_NAME.test(name)) {
      fail("name. Accepted characters are a-z, A-Z, 0-9, space, and . - : _");
    }
    for (const required of mode === "update" ? ["roles", "settings"] : []) {
      if (field(body, required) === undefined) fail(`${required} is required`);
    }
    const roles = field(body, "roles");
    const templateSettings = settings(field(body, "settings") ?? {});
    const dests = field(body, "destinations");
    const plug = field(body, "plugins");
    return compact({
      name,
      roles: namedMap(roles ?? {}, "roles", (item, key) => role(item, key, `roles.${key}`)),
      settings: templateSettings,
      destinations: dests === undefined ? {} : destinations(dests, templateSettings),
      plugins: plug === undefined ? undefined : plugins(plug),
    }) as TemplateParts;
  });
}

/**
 * A C1 body (§3.6): an array of exactly one recording config whose `name` and `role` are set and
 * whose role is one of `roles`. Kept as sent; reads drop false flags (see the view).
 */
export function parseRecordings(value: unknown, roles: readonly string[]): Result<JsonObject[]> {
  return attempt(() => {
    if (!Array.isArray(value) || value.length !== 1)
      fail("recordings must be an array of exactly one config");
    const config = object(value[0], "recordings[0]");
    if (!str(config, "name", "recordings[0]")) fail("recordings[0].name is required");
    const roleName = str(config, "role", "recordings[0]");
    if (!roleName) fail("recordings[0].role is required");
    if (!roles.includes(roleName)) fail(`recordings[0].role ${roleName} is not a role of the template`);
    return [structuredClone(config)];
  });
}
