import { managementToken } from "./hms-token";

/** The services the live tools know, in the order they run. */
export const SERVICES = ["hms", "metered"] as const;
export type Service = (typeof SERVICES)[number];

/** A 100ms account to work in: where, and how to authorize a request. */
export interface HmsTarget {
  service: "hms";
  /** The API base, ending in /v2 (HMS_API_URL; default the real one). */
  apiUrl: string;
  /** The credentials as the provider's stack config takes them. */
  config: Record<string, { value: string; secret?: boolean }>;
  /** A valid Authorization header value; a new token each call when minted from the app secret. */
  authorization(): string;
  /** Makes a token with bent claims, when the app secret is known (probe questions on auth). */
  tokenWith?: (claims: Record<string, unknown>) => string;
  /** Values that must never be printed or recorded. */
  secrets: string[];
  /** A second template's id for the templateId change (HMS_LIVE_TEMPLATE_ID), when given. */
  otherTemplateId?: string;
}

/** A Metered app to work in. */
export interface MeteredTarget {
  service: "metered";
  /** The API origin (METERED_API_URL; default https://<app>.metered.live). */
  apiUrl: string;
  appName: string;
  secretKey: string;
  config: Record<string, { value: string; secret?: boolean }>;
  secrets: string[];
}

export type Target = HmsTarget | MeteredTarget;

/** What the environment gives: the services ready to run, and for the others what is missing. */
export interface Targets {
  ready: Target[];
  /** One line per service that cannot run, naming the variables to set. */
  missing: string[];
}

type Env = Record<string, string | undefined>;

/**
 * Reads the live targets from the environment, the same variables the provider reads, so a
 * maintainer exports one set. `only` limits the run to some services; without it every service
 * is required, so a run that tested less than it was asked to never passes quietly.
 */
export function liveTargets(env: Env, only: readonly Service[] = SERVICES): Targets {
  const ready: Target[] = [];
  const missing: string[] = [];
  if (env.VIDEO_ROOMS_LIVE !== "1") {
    missing.push(
      "VIDEO_ROOMS_LIVE is not 1: the live tools make and remove rooms in real accounts, so they run only when VIDEO_ROOMS_LIVE=1 is set",
    );
  }
  for (const service of only) {
    const target = service === "hms" ? hmsTarget(env) : meteredTarget(env);
    if (typeof target === "string") missing.push(target);
    else ready.push(target);
  }
  return { ready: missing.length > 0 ? [] : ready, missing };
}

function hmsTarget(env: Env): HmsTarget | string {
  const { HMS_ACCESS_KEY: accessKey, HMS_APP_SECRET: appSecret, HMS_MANAGEMENT_TOKEN: token } = env;
  const apiUrl = (env.HMS_API_URL ?? "https://api.100ms.live/v2").replace(/\/+$/, "");
  const common = { service: "hms" as const, apiUrl, otherTemplateId: env.HMS_LIVE_TEMPLATE_ID || undefined };
  if (accessKey && appSecret) {
    return {
      ...common,
      config: {
        "hms:apiUrl": { value: apiUrl },
        "hms:accessKey": { value: accessKey },
        "hms:appSecret": { value: appSecret, secret: true },
      },
      authorization: () => `Bearer ${managementToken(accessKey, appSecret)}`,
      tokenWith: (claims) => managementToken(accessKey, appSecret, claims),
      secrets: [appSecret],
    };
  }
  if (token) {
    return {
      ...common,
      config: { "hms:apiUrl": { value: apiUrl }, "hms:managementToken": { value: token, secret: true } },
      authorization: () => `Bearer ${token}`,
      secrets: [token],
    };
  }
  const unset = accessKey
    ? ["HMS_APP_SECRET"]
    : appSecret
      ? ["HMS_ACCESS_KEY"]
      : ["HMS_ACCESS_KEY", "HMS_APP_SECRET"];
  return `hms: set ${unset.join(" and ")} (or HMS_MANAGEMENT_TOKEN) to run against 100ms`;
}

function meteredTarget(env: Env): MeteredTarget | string {
  const { METERED_APP_NAME: appName, METERED_SECRET_KEY: secretKey } = env;
  if (!appName || !secretKey) {
    const unset = [!appName && "METERED_APP_NAME", !secretKey && "METERED_SECRET_KEY"].filter(Boolean);
    return `metered: set ${unset.join(" and ")} to run against Metered`;
  }
  const apiUrl = (env.METERED_API_URL ?? `https://${appName}.metered.live`).replace(/\/+$/, "");
  return {
    service: "metered",
    apiUrl,
    appName,
    secretKey,
    config: {
      "metered:apiUrl": { value: apiUrl },
      "metered:appName": { value: appName },
      "metered:secretKey": { value: secretKey, secret: true },
    },
    secrets: [secretKey],
  };
}

/** The services `--only hms,metered` names; every service when the option is absent. */
export function onlyServices(only: string | undefined): Service[] {
  if (only === undefined) return [...SERVICES];
  const names = only.split(",").filter(Boolean);
  const unknown = names.filter((name) => !(SERVICES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of ${SERVICES.join(", ")}; got ${JSON.stringify(only)}`,
    );
  }
  return names as Service[];
}
