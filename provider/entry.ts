/**
 * The stable entry point the serialized provider shell loads in the provider host (see
 * core/dynamic/shell.ts). Keep this file's path and exports: they are recorded in users' state.
 */
import { rememberStackConfig } from "./core/config/settings";
import type { RoomProvider } from "./core/dynamic/runtime";
import { HMS_CONFIG_KEYS, hmsProvider } from "./hms/provider";
import { METERED_CONFIG_KEYS, meteredProvider } from "./metered/provider";

const services: Record<string, { keys: readonly string[]; provider: RoomProvider }> = {
  hms: { keys: HMS_CONFIG_KEYS, provider: hmsProvider },
  metered: { keys: METERED_CONFIG_KEYS, provider: meteredProvider },
};

/** Called by the shell's `configure`: remembers the stack config this service reads. */
export function configure(service: string, config: { get(key: string): string | undefined }): void {
  const entry = services[service];
  if (entry) rememberStackConfig((key) => config.get(key), entry.keys);
}

/** The provider implementation for a service. */
export function provider(service: string): RoomProvider {
  const entry = services[service];
  if (!entry) throw new Error(`pulumi-video-rooms: unknown service ${JSON.stringify(service)} in __provider`);
  return entry.provider;
}
