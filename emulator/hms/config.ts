import { stableHexId } from "../ids";
import { type SettingValues, setting } from "../service";

/** A 100ms room region the API accepts (`auto` = the template's region). */
export type HmsRegion = "in" | "us" | "eu" | "auto";

/** A 100ms template the emulator knows. Templates are fixed: the API has no template CRUD in scope. */
export interface HmsTemplate {
  readonly id: string;
  readonly name: string;
  /** Region a room on this template reads back when its own region is `auto`. */
  readonly region: Exclude<HmsRegion, "auto">;
}

/**
 * The workspace's templates, first = default. The ids are fixed so that stacks, tests and docs can
 * name them across emulator restarts.
 */
export const HMS_TEMPLATES: readonly HmsTemplate[] = [
  { id: "6650a1b2c3d4e5f6a7b8c901", name: "emulator-default", region: "us" },
  { id: "6650a1b2c3d4e5f6a7b8c902", name: "emulator-webinar", region: "eu" },
  { id: "6650a1b2c3d4e5f6a7b8c903", name: "emulator-classroom", region: "in" },
];

/**
 * The 100ms settings: `startEmulator` options (documented here, defaults in `DEFAULTS`) and CLI flags.
 */
export const HMS_SETTINGS = {
  /** 100ms access key the management tokens must name. */
  hmsAccessKey: setting("hms-access-key", "KEY", "100ms access key", "emulator-access-key"),
  /** 100ms app secret the management tokens must be signed with. */
  hmsAppSecret: setting("hms-app-secret", "SECRET", "100ms app secret", "emulator-app-secret"),
};

/** The 100ms workspace one emulator serves. */
export interface HmsConfig {
  readonly accessKey: string;
  readonly appSecret: string;
  /** `customer_id` (and deprecated `customer`): derived from the access key, stable across runs. */
  readonly customerId: string;
  readonly appId: string;
  readonly templates: readonly HmsTemplate[];
}

/** The workspace for resolved settings: the ids derive from the access key. */
export function hmsConfig({
  hmsAccessKey: accessKey,
  hmsAppSecret: appSecret,
}: SettingValues<typeof HMS_SETTINGS>): HmsConfig {
  return {
    accessKey,
    appSecret,
    customerId: stableHexId(`hms-customer:${accessKey}`),
    appId: stableHexId(`hms-app:${accessKey}`),
    templates: HMS_TEMPLATES,
  };
}
