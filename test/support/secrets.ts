import type { TestEmulator } from "./emulator";

/** Secret values the tests put into programs; none may ever show up in state, output or errors. */
export const SECRETS_IN_PLAY = {
  storageKey: "AKIA-TEST-STORAGE-KEY-1234",
  storageSecret: "storage-secret-value-5678",
  webhookHeader: "webhook-header-secret-9012",
  rtmpUrl: "rtmp://a.rtmp.youtube.com/live2/stream-key-3456",
} as const;

/** Which secrets (ours and the emulator's credentials) appear in the text. */
export function secretHits(text: string, emulator: TestEmulator): string[] {
  const { hms, metered } = emulator.running.ready;
  const secrets: Record<string, string> = {
    ...SECRETS_IN_PLAY,
    rtmpStreamKey: "stream-key-3456",
    hmsAppSecret: hms.appSecret,
    meteredSecretKey: metered.secretKey,
  };
  return Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}
