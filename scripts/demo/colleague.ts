import { managementToken } from "../live/hms-token";

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
