import { settingsOf } from "./service";
import { SERVICES, type ServiceOptions } from "./services";

/**
 * Documented defaults of the CLI and of `startEmulator`: where to listen, and every service's
 * settings (dev values, deliberately not secret-looking).
 */
export const DEFAULTS: { readonly host: "127.0.0.1"; readonly cliPort: 4010 } & {
  readonly [Key in keyof ServiceOptions]-?: string;
} = {
  host: "127.0.0.1",
  cliPort: 4010,
  ...(Object.fromEntries(
    SERVICES.flatMap((module) => settingsOf(module).map(([option, setting]) => [option, setting.default])),
  ) as { [Key in keyof ServiceOptions]-?: string }),
};
