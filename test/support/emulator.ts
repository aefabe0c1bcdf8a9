import type { ConfigMap } from "@pulumi/pulumi/automation";
import { Agent, fetch } from "undici";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index";
import { managementToken } from "../../scripts/live/hms-token";

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  ms: number;
  service?: string;
  fault?: unknown;
}

/** Serve https with this certificate; the test's own calls trust `caCert` (see test/support/tls.ts). */
export interface EmulatorTls {
  cert: string;
  key: string;
  caCert: string;
}

/** An emulator on a free loopback port, with helpers for its control API. */
export class TestEmulator {
  private constructor(
    readonly running: RunningEmulator,
    /** Trusts the test CA per call when served over https: this process's NODE_EXTRA_CA_CERTS was fixed at start-up. */
    private readonly agent?: Agent,
  ) {}

  /** `settings`: the emulator's own settings (e.g. `hmsTemplateCredentials`), for readings the docs leave open. */
  static async start(options: { tls?: EmulatorTls; settings?: EmulatorOptions } = {}): Promise<TestEmulator> {
    const { tls, settings } = options;
    if (!tls) return new TestEmulator(await startEmulator({ ...settings, port: 0 }));
    const running = await startEmulator({ ...settings, port: 0, tls: { cert: tls.cert, key: tls.key } });
    return new TestEmulator(running, new Agent({ connect: { ca: tls.caCert } }));
  }

  get url(): string {
    return this.running.url;
  }

  /** The provider's environment variables (README "Credentials and endpoints") for this emulator. */
  environment(): Record<string, string> {
    const { hms, metered } = this.running.ready;
    return {
      HMS_API_URL: `${this.url}/v2`,
      HMS_ACCESS_KEY: hms.accessKey,
      HMS_APP_SECRET: hms.appSecret,
      METERED_API_URL: this.url,
      METERED_APP_NAME: metered.appName,
      METERED_SECRET_KEY: metered.secretKey,
    };
  }

  /**
   * Stack config pointing both services at this emulator, credentials as secrets, plus the same
   * tuning (e.g. `{ maxRetries: 1 }`) for both services.
   */
  stackConfig(tuning: Record<string, number> = {}): ConfigMap {
    const { hms, metered } = this.running.ready;
    const config: ConfigMap = {
      "hms:apiUrl": { value: `${this.url}/v2` },
      "hms:accessKey": { value: hms.accessKey },
      "hms:appSecret": { value: hms.appSecret, secret: true },
      "metered:apiUrl": { value: this.url },
      "metered:appName": { value: metered.appName },
      "metered:secretKey": { value: metered.secretKey, secret: true },
    };
    for (const ns of ["hms", "metered"]) {
      for (const [key, value] of Object.entries(tuning)) config[`${ns}:${key}`] = { value: String(value) };
    }
    return config;
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.control("GET", "requests")) as LoggedRequest[];
  }

  /** The API requests made while `op` ran (the log is cleared first). */
  async requestsDuring(op: () => Promise<unknown>): Promise<LoggedRequest[]> {
    await this.clearRequests();
    await op();
    return this.requests();
  }

  async clearRequests(): Promise<void> {
    await this.control("POST", "requests/clear");
  }

  async rooms(): Promise<{ hms: Record<string, unknown>[]; metered: Record<string, unknown>[] }> {
    return (await this.control("GET", "rooms")) as {
      hms: Record<string, unknown>[];
      metered: Record<string, unknown>[];
    };
  }

  async fault(spec: Record<string, unknown>): Promise<void> {
    await this.control("POST", "faults", spec);
  }

  /** The faults still queued (each with its uses left) and the rate limit, as the emulator shows them. */
  async faults(): Promise<{ faults: Record<string, unknown>[]; rateLimit: unknown }> {
    return (await this.control("GET", "faults")) as { faults: Record<string, unknown>[]; rateLimit: unknown };
  }

  /**
   * Drops every queued fault and the rate limit. Tests call it in `finally`/afterEach: a fault the
   * engine never consumed (it may stop before starting a sibling's step) must not leak into the next case.
   */
  async clearFaults(): Promise<void> {
    await this.control("POST", "faults/clear");
  }

  async reset(): Promise<void> {
    await this.control("POST", "reset");
  }

  async close(): Promise<void> {
    await this.running.close();
    await this.agent?.close();
  }

  /** Calls the 100ms API as a colleague's script or the dashboard would (outside Pulumi). */
  async hms(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const { hms } = this.running.ready;
    const res = await fetch(`${this.url}/v2${path}`, {
      dispatcher: this.agent,
      method,
      headers: {
        authorization: `Bearer ${managementToken(hms.accessKey, hms.appSecret)}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // A 204 (a role deleted) has no body.
    return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
  }

  /** Calls the Metered API outside Pulumi. */
  async metered(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const key = encodeURIComponent(this.running.ready.metered.secretKey);
    const res = await fetch(`${this.url}/api/v1${path}?secretKey=${key}`, {
      dispatcher: this.agent,
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  }

  private async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}/__emulator/${path}`, {
      dispatcher: this.agent,
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok)
      throw new Error(`emulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }
}
