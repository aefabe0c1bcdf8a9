import { apiUrlSetting, ConfigError, readSetting, settingKey } from "../core/config/settings";
import { readTuning, tuningConfigKeys } from "../core/config/tuning";
import type { ServiceSettings } from "../core/http/client";

const NS = "metered";
const keys = {
  appName: settingKey(NS, "appName"),
  secretKey: settingKey(NS, "secretKey"),
  apiUrl: settingKey(NS, "apiUrl"),
};

/** Stack-config keys the provider reads for Metered. */
export const METERED_CONFIG_KEYS = [...Object.values(keys).map((k) => k.config), ...tuningConfigKeys(NS)];

export type MeteredSettings = ServiceSettings & { appName: string };

/** Reads and checks Metered settings; throws a ConfigError naming the keys to set. Makes no call. */
export function meteredSettings(): MeteredSettings {
  const appName = readSetting(keys.appName);
  const secretKey = readSetting(keys.secretKey);
  if (!appName || !secretKey) {
    const missing = [!appName && keys.appName, !secretKey && keys.secretKey].filter((k) => k !== false);
    throw new ConfigError(
      `missing Metered ${missing.map((k) => k.config.split(":")[1]).join(" and ")}: set ` +
        missing
          .map(
            (k) =>
              `${k.config}${k === keys.secretKey ? " (`pulumi config set metered:secretKey <key> --secret`)" : ""}`,
          )
          .join(" and ") +
        `, or the ${missing.map((k) => k.env).join(" and ")} environment variable${missing.length > 1 ? "s" : ""}`,
    );
  }
  if (!/^[a-z0-9-]+$/i.test(appName)) {
    throw new ConfigError(
      `${keys.appName.config} (or ${keys.appName.env}) must be the app's subdomain, e.g. "myapp" for myapp.metered.live`,
    );
  }
  return {
    appName,
    apiUrl: apiUrlSetting(keys.apiUrl, `https://${appName}.metered.live`),
    tuning: readTuning(NS, 5),
    // Metered authenticates by a query parameter only (metered-api.md §1): the client never puts
    // the query string into an error or log.
    authorize: () => ({ query: { secretKey } }),
    secrets: [secretKey],
  };
}
