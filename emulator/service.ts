import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./http/reply";
import { type NameIndex, RoomTable } from "./room-table";

// The contract of one emulated API. Each service lives in its own folder and exports one
// ServiceModule; `services.ts` lists them. The shared code (transport, store, state file, request
// log, controls, CLI) only loops over that list and never names a service.

/** An API request after the transport layer: routed to a service, body read and size-checked. */
export interface ApiRequest {
  readonly method: string;
  /** Decoded path segments below the service prefix; `null` when the path is not valid percent-encoding. */
  readonly segments: string[] | null;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One string setting of a service (a credential): a `startEmulator` option and a CLI flag. */
export interface Setting {
  /** The command-line flag without its dashes, e.g. `app-secret`. */
  readonly flag: string;
  /** How the usage text names the value, e.g. `KEY`. */
  readonly placeholder: string;
  /** What the value is, for the usage text. */
  readonly help: string;
  /** Value when not given. A dev value, deliberately not secret-looking. */
  readonly default: string;
}

/** A {@link Setting} in one line: `setting("app-secret", "SECRET", "app secret", "emulator-app-secret")`. */
export function setting(flag: string, placeholder: string, help: string, fallback: string): Setting {
  return { flag, placeholder, help, default: fallback };
}

/** The resolved values of settings `S` (none missing, none empty). */
export type SettingValues<S> = { readonly [Option in keyof S]: string };

/** The `startEmulator` options of settings `S` (each optional; their docs are the settings' docs). */
export type SettingOptions<S> = { [Option in keyof S]?: string };

/** Placeholder shown instead of secret values in control-API output (see {@link ServiceModule.redactedView}). */
export const REDACTED = "[redacted]";

/** The field types a saved room must have for the state file to load (`object` = a JSON object, `array` = a JSON array). */
export type SavedShape = Readonly<Record<string, "string" | "boolean" | "object" | "array">>;

/**
 * A further table a service keeps beside its rooms (100ms templates and room codes): indexed like
 * rooms, saved in the state file under `<service>:<key>`.
 */
export interface CollectionSpec<
  Item extends { readonly id: string } = { readonly id: string },
  Config = never,
> {
  readonly nameIndex: NameIndex<Item>;
  /** The fields every saved item has, checked when the state file loads. */
  readonly savedShape: SavedShape;
  /**
   * What the table holds when the emulator starts, after `/__emulator/reset`, and when a state file
   * written before the table existed is loaded (so such a file still loads).
   */
  seed(config: Config): Item[];
}

/** The tables of collection item types `Items`, by key. */
export type Collections<Items> = {
  readonly [Key in keyof Items]: RoomTable<Items[Key] & { readonly id: string }>;
};

/**
 * One emulated API as registered in `services.ts`: everything the shared code needs from it.
 * {@link startService} builds a running {@link Service} from it.
 *
 * @typeParam Name - its key in the ready line, the state file, the request log and `/__emulator/rooms`.
 * @typeParam Settings - its settings by `startEmulator` option name (see {@link SettingOptions}).
 * @typeParam Ready - its part of the ready line.
 * @typeParam Config - what its settings resolve to (credentials, derived ids).
 * @typeParam Room - one stored room, as the state file holds it.
 */
export interface ServiceModule<
  Name extends string = string,
  Settings extends Readonly<Record<string, Setting>> = Readonly<Record<string, Setting>>,
  Ready = unknown,
  Config = unknown,
  Room extends { readonly id: string } = { readonly id: string },
  Items extends Record<string, { readonly id: string }> = Record<string, { readonly id: string }>,
> {
  readonly name: Name;
  /** The product's name, for messages. */
  readonly title: string;
  /** Path prefix the API is served under (requests below it go to this service). */
  readonly prefix: string;
  /** Every setting by option name, in the order of the usage text. */
  readonly settings: Settings;
  /** The config for resolved settings (defaults filled in, none empty). */
  configure(settings: SettingValues<Settings>): Config;
  /** This service's part of the ready line. */
  readyInfo(config: Config): Ready;
  /** How rooms are found by name. */
  readonly nameIndex: NameIndex<Room>;
  /** The fields every saved room has, checked when the state file loads. */
  readonly savedShape: SavedShape;
  /** Further tables beside the rooms, by key (none when absent). */
  readonly collections?: { readonly [Key in keyof Items]: CollectionSpec<Items[Key], Config> };
  /** A room as the API shows it, with secret values replaced by {@link REDACTED}: what `/__emulator/rooms` shows. */
  redactedView(room: Room, config: Config, collections: Collections<Items>): unknown;
  /** Which credential a request uses, for the per-credential rate limit. Never shown anywhere. */
  credentialKey(headers: IncomingHttpHeaders, query: URLSearchParams): string;
  /** An error in this API's body shape, for answers the transport layer gives (faults, 413, 429). */
  errorReply(status: number, message: string, headers?: Record<string, string>): Reply;
  /** The request handler (routes, auth, validation); it awaits `commit` after each change to `rooms` or a collection. */
  routes(
    config: Config,
    rooms: RoomTable<Room>,
    commit: () => Promise<void>,
    collections: Collections<Items>,
  ): (request: ApiRequest) => Promise<Reply>;
}

/** One started collection: its state-file key, its checks, its table and how to refill it. */
export interface StartedCollection {
  /** `<service>:<key>`, its key in the state file. */
  readonly stateKey: string;
  readonly savedShape: SavedShape;
  readonly table: RoomTable<{ readonly id: string }>;
  /** The seeded items (see {@link CollectionSpec.seed}). */
  seed(): { readonly id: string }[];
}

/** A started service: what the transport, the store, the state file and the controls use. */
export interface Service
  extends Pick<ServiceModule, "name" | "title" | "prefix" | "savedShape" | "credentialKey" | "errorReply"> {
  readonly ready: unknown;
  readonly rooms: RoomTable<{ readonly id: string }>;
  readonly collections: readonly StartedCollection[];
  /** Every room (disabled or archived ones included) as {@link ServiceModule.redactedView} shows it. */
  redactedRooms(): unknown[];
  handle(request: ApiRequest): Promise<Reply>;
}

/** The settings of `module` from `options`: given values, else the defaults. Throws on an empty one, which could never authenticate. */
export function resolveSettings(module: ServiceModule, options: object): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [option, setting] of settingsOf(module)) {
    const value = ((options as Record<string, unknown>)[option] ?? setting.default) as string;
    if (value.length === 0) throw new Error(`${option} must not be empty`);
    values[option] = value;
  }
  return values;
}

/** The settings of `module` as `[option name, setting]` pairs, in usage order. */
export function settingsOf(module: ServiceModule): Array<[string, Setting]> {
  return Object.entries(module.settings);
}

/** Starts `module` with settings from {@link resolveSettings}: its config, an empty room table and its handler. */
export function startService(
  module: ServiceModule,
  settings: Record<string, string>,
  commit: () => Promise<void>,
): Service {
  const config = module.configure(settings);
  const rooms = new RoomTable(module.nameIndex);
  const started: StartedCollection[] = Object.entries(module.collections ?? {}).map(([key, spec]) => {
    const table = new RoomTable(spec.nameIndex);
    const seed = () => spec.seed(config as never);
    table.load(seed());
    return { stateKey: `${module.name}:${key}`, savedShape: spec.savedShape, table, seed };
  });
  const collections = Object.fromEntries(
    Object.keys(module.collections ?? {}).map((key, i) => [key, started[i]!.table]),
  ) as Collections<Record<string, { readonly id: string }>>;
  return {
    name: module.name,
    title: module.title,
    prefix: module.prefix,
    savedShape: module.savedShape,
    credentialKey: module.credentialKey,
    errorReply: module.errorReply,
    ready: module.readyInfo(config),
    rooms,
    collections: started,
    redactedRooms: () => rooms.all().map((room) => module.redactedView(room, config, collections)),
    handle: module.routes(config, rooms, commit, collections),
  };
}

type OptionsOf<S> = S extends { readonly settings: infer Settings } ? SettingOptions<Settings> : never;
type ReadyOf<S> = S extends { readyInfo(config: never): infer Ready } ? Ready : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The `startEmulator` options of every service in `Services` (a union of modules). */
export type OptionsOfAll<Services> = Intersection<OptionsOf<Services>>;

/** The ready-line parts of every service in `Services`, each under its name. */
export type ReadyOfAll<Services extends { readonly name: string }> = {
  [S in Services as S["name"]]: ReadyOf<S>;
};
