import { stableHexId } from "../ids";
import { type SettingValues, setting } from "../service";

/**
 * The Metered settings: `startEmulator` options (documented here, defaults in `DEFAULTS`) and CLI flags.
 */
export const METERED_SETTINGS = {
  /** Metered app name. */
  meteredAppName: setting("metered-app-name", "NAME", "Metered app name", "emulator"),
  /** Metered secret key (`secretKey` query parameter). */
  meteredSecretKey: setting("metered-secret-key", "KEY", "Metered secret key", "emulator-secret-key"),
};

/** The Metered app one emulator serves. */
export interface MeteredConfig {
  readonly appName: string;
  readonly secretKey: string;
  /** The `app` field of every room: derived from the app name, stable across runs. */
  readonly appId: string;
}

/** The app for resolved settings. */
export function meteredConfig({
  meteredAppName: appName,
  meteredSecretKey: secretKey,
}: SettingValues<typeof METERED_SETTINGS>): MeteredConfig {
  return { appName, secretKey, appId: stableHexId(`metered-app:${appName}`) };
}
