import { stableHexId } from "../ids";
import { type SettingValues, setting } from "../service";

/** A 100ms room region the API accepts (`auto` = the template's region). */
export type HmsRegion = "in" | "us" | "eu" | "auto";

/** One of the workspace's seeded templates: what the ready line names, plus what its full object is built from. */
export interface HmsTemplate {
  readonly id: string;
  readonly name: string;
  /** Its `settings.region`: what a room on it reads back when its own region is `auto`. */
  readonly region: Exclude<HmsRegion, "auto">;
  /** Its roles, each with the documented defaults (the first publishes and may end the room). */
  readonly roles: readonly string[];
}

/**
 * The templates every workspace starts with, first = default. The ids are fixed so that stacks,
 * tests and docs can name them across emulator restarts. They are full templates: the template
 * endpoints read and change them like any other.
 */
export const HMS_TEMPLATES: readonly HmsTemplate[] = [
  { id: "6650a1b2c3d4e5f6a7b8c901", name: "emulator-default", region: "us", roles: ["host", "guest"] },
  { id: "6650a1b2c3d4e5f6a7b8c902", name: "emulator-webinar", region: "eu", roles: ["host", "guest"] },
  { id: "6650a1b2c3d4e5f6a7b8c903", name: "emulator-classroom", region: "in", roles: ["teacher", "student"] },
];

/**
 * How template reads show storage credentials, a reading no source settles
 * (hms-templates-api.md §9.8): the secret under `secret` (as the update-settings example echoes it),
 * under `secretKey` (as requests send it), or `omit` the credentials altogether.
 */
export type TemplateCredentialsEcho = "secret" | "secretKey" | "omit";
const CREDENTIAL_ECHOES: readonly string[] = ["secret", "secretKey", "omit"];

/**
 * The 100ms settings: `startEmulator` options (documented here, defaults in `DEFAULTS`) and CLI flags.
 */
export const HMS_SETTINGS = {
  /** 100ms access key the management tokens must name. */
  hmsAccessKey: setting("hms-access-key", "KEY", "100ms access key", "emulator-access-key"),
  /** 100ms app secret the management tokens must be signed with. */
  hmsAppSecret: setting("hms-app-secret", "SECRET", "100ms app secret", "emulator-app-secret"),
  /** How template reads echo storage credentials: `secret`, `secretKey` or `omit` (see {@link TemplateCredentialsEcho}). */
  hmsTemplateCredentials: setting(
    "hms-template-credentials",
    "MODE",
    "template storage credentials on read: secret, secretKey or omit",
    "secret",
  ),
};

/** The 100ms workspace one emulator serves. */
export interface HmsConfig {
  readonly accessKey: string;
  readonly appSecret: string;
  /** `customer_id` (and deprecated `customer`): derived from the access key, stable across runs. */
  readonly customerId: string;
  readonly appId: string;
  /** The seeded templates (the template table starts with these). */
  readonly templates: readonly HmsTemplate[];
  readonly credentialsEcho: TemplateCredentialsEcho;
}

/** The workspace for resolved settings: the ids derive from the access key. Throws on an unknown echo mode. */
export function hmsConfig({
  hmsAccessKey: accessKey,
  hmsAppSecret: appSecret,
  hmsTemplateCredentials: echo,
}: SettingValues<typeof HMS_SETTINGS>): HmsConfig {
  if (!CREDENTIAL_ECHOES.includes(echo)) {
    throw new Error(`hmsTemplateCredentials must be one of ${CREDENTIAL_ECHOES.join(", ")}, not ${echo}`);
  }
  return {
    accessKey,
    appSecret,
    customerId: stableHexId(`hms-customer:${accessKey}`),
    appId: stableHexId(`hms-app:${accessKey}`),
    templates: HMS_TEMPLATES,
    credentialsEcho: echo as TemplateCredentialsEcho,
  };
}
