import { hms } from "./hms/service";
import { metered } from "./metered/service";
import type { OptionsOfAll, ReadyOfAll } from "./service";

/**
 * Every emulated API, in the order the usage text, the ready line, the state file and
 * `/__emulator/rooms` list them. Adding a service is one folder exporting a `ServiceModule`
 * (see `service.ts`) plus one entry here.
 */
export const SERVICES = [hms, metered] as const;

type Registered = (typeof SERVICES)[number];

/** The `startEmulator` options of every service. */
export type ServiceOptions = OptionsOfAll<Registered>;

/** The ready line's part for every service, each under its name. */
export type ServiceReadyInfo = ReadyOfAll<Registered>;
