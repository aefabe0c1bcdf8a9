import { stableHexId } from "./ids";

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

/** Documented defaults of the CLI and of {@link resolveConfig}. Dev values, deliberately not secret-looking. */
export const DEFAULTS = {
  host: "127.0.0.1",
  cliPort: 4010,
  hmsAccessKey: "emulator-access-key",
  hmsAppSecret: "emulator-app-secret",
  meteredAppName: "emulator",
  meteredSecretKey: "emulator-secret-key",
} as const;

/** Credentials and identities one emulator instance serves. */
export interface EmulatorConfig {
  readonly hmsAccessKey: string;
  readonly hmsAppSecret: string;
  readonly meteredAppName: string;
  readonly meteredSecretKey: string;
  /** 100ms `customer_id` (and deprecated `customer`): derived from the access key, stable across runs. */
  readonly hmsCustomerId: string;
  /** 100ms `app_id`. */
  readonly hmsAppId: string;
  /** Metered `app` field of every room. */
  readonly meteredAppId: string;
  readonly templates: readonly HmsTemplate[];
}

/** Credential overrides accepted by {@link resolveConfig}; every one falls back to {@link DEFAULTS}. */
export interface CredentialOptions {
  hmsAccessKey?: string;
  hmsAppSecret?: string;
  meteredAppName?: string;
  meteredSecretKey?: string;
}

/** Fills in defaults and derives the stable ids; rejects empty credentials, which could never authenticate. */
export function resolveConfig(options: CredentialOptions): EmulatorConfig {
  const hmsAccessKey = nonEmpty("hmsAccessKey", options.hmsAccessKey ?? DEFAULTS.hmsAccessKey);
  const meteredAppName = nonEmpty("meteredAppName", options.meteredAppName ?? DEFAULTS.meteredAppName);
  return {
    hmsAccessKey,
    hmsAppSecret: nonEmpty("hmsAppSecret", options.hmsAppSecret ?? DEFAULTS.hmsAppSecret),
    meteredAppName,
    meteredSecretKey: nonEmpty("meteredSecretKey", options.meteredSecretKey ?? DEFAULTS.meteredSecretKey),
    hmsCustomerId: stableHexId(`hms-customer:${hmsAccessKey}`),
    hmsAppId: stableHexId(`hms-app:${hmsAccessKey}`),
    meteredAppId: stableHexId(`metered-app:${meteredAppName}`),
    templates: HMS_TEMPLATES,
  };
}

function nonEmpty(name: string, value: string): string {
  if (value.length === 0) throw new Error(`${name} must not be empty`);
  return value;
}
