/**
 * Credentials and tuning, read at call time: stack config (captured by `configure`) first, then the
 * environment. Never captured in the serialized provider and never resource inputs, so no room's
 * state holds them. (The engine does record the stack config as its default provider's inputs,
 * secrets encrypted, and `refresh`/`destroy` run with that recorded config until the next `up`;
 * environment variables are read fresh on every run.)
 */
type ConfigSource = (key: string) => string | undefined;

let stackConfig: Record<string, string> = {};

/** Stores the stack config the engine sent in Configure. Never throws (a failed configure is never retried). */
export function rememberStackConfig(get: ConfigSource, keys: readonly string[]): void {
  const values: Record<string, string> = {};
  for (const key of keys) {
    try {
      const value = get(key);
      if (typeof value === "string" && value !== "") values[key] = value;
    } catch {
      // No Configure yet, or an odd config object: fall back to the environment.
    }
  }
  stackConfig = { ...stackConfig, ...values };
}

/** A setting's stack-config key (e.g. `hms:accessKey`) and its environment variable. */
interface SettingKey {
  config: string;
  env: string;
}

/** Derives the env var name: `hms:maxRetries` -> `HMS_MAX_RETRIES`. */
export function settingKey(namespace: string, name: string): SettingKey {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  return { config: `${namespace}:${name}`, env: `${namespace.toUpperCase()}_${snake}` };
}

export function readSetting(key: SettingKey): string | undefined {
  const fromConfig = stackConfig[key.config];
  if (fromConfig !== undefined) return fromConfig;
  const fromEnv = process.env[key.env];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

/** A configuration problem, reported before any API call, naming where to set the value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function numberSetting(key: SettingKey, fallback: number, min: number, max: number): number {
  const raw = readSetting(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      `${key.config} (or ${key.env}) must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Validates an API base URL. Plain http is allowed only to loopback (the emulator): anywhere else
 * the credentials would cross the network in clear.
 */
export function apiUrlSetting(key: SettingKey, fallback: string): string {
  const raw = readSetting(key) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `${key.config} (or ${key.env}) is not a URL: ${JSON.stringify(raw)}; expected e.g. ${fallback}`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new ConfigError(
      `${key.config} (or ${key.env}) uses plain http to ${url.hostname}: credentials would cross the network in clear; use https`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${key.config} (or ${key.env}) must be an http(s) URL, got ${url.protocol}`);
  }
  return url.href.replace(/\/$/, "");
}
