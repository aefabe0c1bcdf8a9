/** Placeholder shown instead of secret values (storage credentials, webhook headers, RTMP URLs) in control-API output. */
export const REDACTED = "[redacted]";
