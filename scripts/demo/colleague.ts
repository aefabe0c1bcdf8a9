import { createHmac, randomUUID } from "node:crypto";

/** Credentials a colleague holds for the dashboards: the same ones the stack uses. */
export interface Credentials {
  url: string;
  hms: { accessKey: string; appSecret: string };
  metered: { secretKey: string };
}

/**
 * Changes made outside Pulumi, through the services' own APIs, the way a colleague's dashboard
 * click or script would: Pulumi only finds out at the next refresh.
 */
export class Colleague {
  constructor(private readonly credentials: Credentials) {}

  async disableHmsRoom(roomId: string): Promise<void> {
    const { url, hms } = this.credentials;
    await call(
      `${url}/v2/rooms/${encodeURIComponent(roomId)}`,
      "POST",
      { enabled: false },
      {
        authorization: `Bearer ${managementToken(hms.accessKey, hms.appSecret)}`,
      },
    );
  }

  async updateMeteredRoom(roomName: string, changes: Record<string, unknown>): Promise<void> {
    const { url, metered } = this.credentials;
    const query = new URLSearchParams({ secretKey: metered.secretKey });
    await call(`${url}/api/v1/room/${encodeURIComponent(roomName)}?${query}`, "PUT", changes, {});
  }
}

async function call(url: string, method: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    // The path only: the Metered URL carries the secret key in its query.
    throw new Error(`${method} ${new URL(url).pathname} answered HTTP ${res.status}: ${await res.text()}`);
  }
}

/**
 * A 100ms management token (HS256 JWT signed with the app secret), as 100ms documents it. Written
 * here, not imported from provider/, so what acts outside Pulumi does not lean on the provider.
 */
export function managementToken(accessKey: string, appSecret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({
    access_key: accessKey,
    type: "management",
    version: 2,
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
  })}`;
  return `${unsigned}.${createHmac("sha256", appSecret).update(unsigned).digest("base64url")}`;
}
