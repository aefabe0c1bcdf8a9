import { stableHexId } from "../ids";
import type { Setting } from "../service";

/** The Metered options of `startEmulator`. */
export type MeteredOptions = {
  /** Metered app name. Default `emulator`. */
  meteredAppName?: string;
  /** Metered secret key (`secretKey` query parameter). Default `emulator-secret-key`. */
  meteredSecretKey?: string;
};

/** The flags and defaults of {@link MeteredOptions}. */
export const METERED_SETTINGS: { readonly [Key in keyof MeteredOptions]-?: Setting } = {
  meteredAppName: {
    flag: "metered-app-name",
    placeholder: "NAME",
    help: "Metered app name",
    default: "emulator",
  },
  meteredSecretKey: {
    flag: "metered-secret-key",
    placeholder: "KEY",
    help: "Metered secret key",
    default: "emulator-secret-key",
  },
};

/** The Metered app one emulator serves. */
export interface MeteredConfig {
  readonly appName: string;
  readonly secretKey: string;
  /** The `app` field of every room: derived from the app name, stable across runs. */
  readonly appId: string;
}

/** The app for resolved settings. */
export function meteredConfig(settings: Readonly<Required<MeteredOptions>>): MeteredConfig {
  const appName = settings.meteredAppName;
  return {
    appName,
    secretKey: settings.meteredSecretKey,
    appId: stableHexId(`metered-app:${appName}`),
  };
}
