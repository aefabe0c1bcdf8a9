import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./http/reply";

/**
 * The contract of one emulated API. Each service lives in its own folder and exports one
 * {@link ServiceModule}; `services.ts` lists them. The shared code (transport, store, state file,
 * request log, controls, CLI) only loops over that list and never names a service.
 */

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

/** Placeholder shown instead of secret values in control-API output (see {@link ServiceInstance.redactedRooms}). */
export const REDACTED = "[redacted]";

/** A service's rooms as the shared store and the state file see them. */
export interface SavedRooms {
  /** Every room, oldest first, as the state file holds it. */
  all(): readonly unknown[];
  /** Replaces every room with saved ones (each passed {@link ServiceModule.isSavedRoom}). */
  load(saved: readonly unknown[]): void;
  /** Forgets every room. */
  reset(): void;
}

/** One service started for one emulator: its state and its request handling. */
export interface ServiceInstance<Ready = unknown> {
  /** This service's part of the ready line. */
  readonly ready: Ready;
  readonly rooms: SavedRooms;
  /** Every room (deleted or disabled ones included) as the API shows it, with secret values replaced by {@link REDACTED}. */
  redactedRooms(): unknown[];
  /** Which credential a request uses, for the per-credential rate limit. Never shown anywhere. */
  credentialKey(headers: IncomingHttpHeaders, query: URLSearchParams): string;
  /** An error in this API's body shape, for answers the transport layer gives (faults, 413, 429). */
  errorReply(status: number, message: string, headers?: Record<string, string>): Reply;
  /** Answers one API request; awaits `commit` (given to {@link ServiceModule.start}) after a change. */
  handle(request: ApiRequest): Promise<Reply>;
}

/**
 * One emulated API as registered in `services.ts`.
 *
 * @typeParam Name - its key in the ready line, the state file, the request log and `/__emulator/rooms`.
 * @typeParam Options - its `startEmulator` options (all optional strings).
 * @typeParam Ready - its part of the ready line.
 */
export interface ServiceModule<
  Name extends string = string,
  Options extends object = object,
  Ready = unknown,
> {
  readonly name: Name;
  /** The product's name, for messages. */
  readonly title: string;
  /** Path prefix the API is served under (requests below it go to this service). */
  readonly prefix: string;
  /** Every option, in the order of the usage text. */
  readonly settings: { readonly [Key in keyof Options]-?: Setting };
  /** True when `value` is one room as this service's part of the state file holds it. */
  isSavedRoom(value: unknown): boolean;
  /**
   * Starts the service with every setting resolved (defaults filled in, none empty). `commit`
   * resolves once every change made so far is durable.
   */
  start(settings: Readonly<Required<Options>>, commit: () => Promise<void>): ServiceInstance<Ready>;
}

/** A started service together with what the shared code keys and routes on. */
export interface Service
  extends ServiceInstance,
    Pick<ServiceModule, "name" | "title" | "prefix" | "isSavedRoom"> {}

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

/** Starts `module` with settings from {@link resolveSettings}. */
export function startService(
  module: ServiceModule,
  settings: Record<string, string>,
  commit: () => Promise<void>,
): Service {
  const { name, title, prefix, isSavedRoom } = module;
  return { name, title, prefix, isSavedRoom, ...module.start(settings, commit) };
}

type OptionsOf<S> = S extends ServiceModule<string, infer Options, unknown> ? Options : never;
type ReadyOf<S> = S extends ServiceModule<string, object, infer Ready> ? Ready : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The `startEmulator` options of every service in `Services` (a union of modules). */
export type OptionsOfAll<Services> = Intersection<OptionsOf<Services>>;

/** The ready-line parts of every service in `Services`, each under its name. */
export type ReadyOfAll<Services extends ServiceModule> = {
  [S in Services as S["name"]]: ReadyOf<S>;
};
