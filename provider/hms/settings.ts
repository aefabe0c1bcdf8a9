import { apiUrlSetting, ConfigError, readSetting, settingKey } from "../core/config/settings";
import { readTuning, tuningConfigKeys } from "../core/config/tuning";
import type { ServiceSettings } from "../core/http/client";
import { managementToken } from "./token";

const NS = "hms";
const keys = {
  accessKey: settingKey(NS, "accessKey"),
  appSecret: settingKey(NS, "appSecret"),
  managementToken: settingKey(NS, "managementToken"),
  apiUrl: settingKey(NS, "apiUrl"),
  prebuiltSubdomain: settingKey(NS, "prebuiltSubdomain"),
};

/** Stack-config keys the provider reads for 100ms. */
export const HMS_CONFIG_KEYS = [...Object.values(keys).map((k) => k.config), ...tuningConfigKeys(NS)];

/** Reads and checks 100ms settings; throws a ConfigError naming the keys to set. Makes no call. */
export function hmsSettings(): ServiceSettings {
  const apiUrl = apiUrlSetting(keys.apiUrl, "https://api.100ms.live/v2");
  const tuning = readTuning(NS, 10);
  const ready = readSetting(keys.managementToken);
  const accessKey = readSetting(keys.accessKey);
  const appSecret = readSetting(keys.appSecret);
  if (!ready && !(accessKey && appSecret)) {
    throw new ConfigError(
      `missing 100ms credentials: set ${keys.accessKey.config} and ${keys.appSecret.config} ` +
        `(\`pulumi config set ${keys.appSecret.config} <secret> --secret\`), or ${keys.managementToken.config}; ` +
        `or the ${keys.accessKey.env} and ${keys.appSecret.env} (or ${keys.managementToken.env}) environment variables`,
    );
  }
  return {
    apiUrl,
    tuning,
    // A minted token is preferred: it can be renewed after a 401; a ready-made one cannot.
    authorize: (fresh) => ({
      headers: {
        authorization: `Bearer ${accessKey && appSecret ? managementToken(accessKey, appSecret, fresh) : ready}`,
      },
    }),
    secrets: [appSecret, ready],
  };
}

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * The subdomain of the workspace's Prebuilt links (`<subdomain>.app.100ms.live`), for `joinUrls`;
 * undefined when not set. The API cannot tell it (templates made through the API have none,
 * hms-templates-api.md §6.1), so it is the one the 100ms dashboard shows. Makes no call.
 */
export function hmsPrebuiltSubdomain(): string | undefined {
  const key = keys.prebuiltSubdomain;
  const raw = readSetting(key)?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!DNS_LABEL.test(raw)) {
    throw new ConfigError(
      `${key.config} (or ${key.env}) must be the subdomain of your Prebuilt links, one DNS label ` +
        `(letters, digits, inner hyphens; at most 63), e.g. "myapp" for https://myapp.app.100ms.live/meeting/<code>; ` +
        `got ${JSON.stringify(raw)}`,
    );
  }
  return raw.toLowerCase();
}
