import { numberSetting, settingKey } from "./settings";

/** Per-service tuning shared by both services (product.md §2). */
export interface Tuning {
  maxRetries: number;
  requestsPerSecond: number;
  timeoutMs: number;
}

const TUNING_NAMES = ["maxRetries", "requestsPerSecond", "timeoutSeconds"] as const;

/** The stack-config keys of a service's tuning, for `configure` to capture. */
export function tuningConfigKeys(namespace: string): string[] {
  return TUNING_NAMES.map((name) => settingKey(namespace, name).config);
}

export function readTuning(namespace: string, defaultRequestsPerSecond: number): Tuning {
  return {
    maxRetries: numberSetting(settingKey(namespace, "maxRetries"), 5, 0, 20),
    requestsPerSecond: numberSetting(
      settingKey(namespace, "requestsPerSecond"),
      defaultRequestsPerSecond,
      0.1,
      1000,
    ),
    timeoutMs: numberSetting(settingKey(namespace, "timeoutSeconds"), 30, 1, 600) * 1000,
  };
}
