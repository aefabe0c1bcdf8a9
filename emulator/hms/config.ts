import { stableHexId } from "../ids";
import type { Setting } from "../service";

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

/** The 100ms options of `startEmulator`. */
export type HmsOptions = {
  /** 100ms access key the management tokens must name. Default `emulator-access-key`. */
  hmsAccessKey?: string;
  /** 100ms app secret the management tokens must be signed with. Default `emulator-app-secret`. */
  hmsAppSecret?: string;
};

/** The flags and defaults of {@link HmsOptions}. */
export const HMS_SETTINGS: { readonly [Key in keyof HmsOptions]-?: Setting } = {
  hmsAccessKey: {
    flag: "hms-access-key",
    placeholder: "KEY",
    help: "100ms access key",
    default: "emulator-access-key",
  },
  hmsAppSecret: {
    flag: "hms-app-secret",
    placeholder: "SECRET",
    help: "100ms app secret",
    default: "emulator-app-secret",
  },
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
export function hmsConfig(settings: Readonly<Required<HmsOptions>>): HmsConfig {
  const accessKey = settings.hmsAccessKey;
  return {
    accessKey,
    appSecret: settings.hmsAppSecret,
    customerId: stableHexId(`hms-customer:${accessKey}`),
    appId: stableHexId(`hms-app:${accessKey}`),
    templates: HMS_TEMPLATES,
  };
}
