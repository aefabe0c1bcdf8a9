import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { generate } from "selfsigned";
import { Agent, request } from "undici";
import { type RunningEmulator, startEmulator } from "../../emulator/index";
import type { LoggedRequest } from "./emulator";

/** A throw-away CA and a server certificate it signed, made for one test file. */
export interface TestCertificates {
  /** The CA certificate, PEM: what a client must trust. */
  caCert: string;
  /** A file holding `caCert`: the value for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Server certificate for 127.0.0.1 and localhost (IP and DNS SANs), PEM. */
  cert: string;
  /** The server certificate's private key, PEM. */
  key: string;
  /** Deletes the directory holding `caFile`. */
  dispose(): void;
}

/**
 * Makes a CA and a server certificate at test time, with selfsigned (WebCrypto underneath), so
 * nothing depends on an `openssl` binary being installed and no key is ever committed. A CA-signed
 * leaf, not one self-signed certificate, is what a private CA deployment looks like: the client
 * must trust the issuer, and the server presents a certificate it did not sign itself.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  // An hour back: a certificate whose notBefore is this very second can fail on a clock tick.
  const notBeforeDate = new Date(Date.now() - 3_600_000);
  const notAfterDate = new Date(Date.now() + 2 * 86_400_000);
  const common = { keyType: "ec", curve: "P-256", algorithm: "sha256", notBeforeDate, notAfterDate } as const;
  const ca = await generate([{ name: "commonName", value: "pulumi-video-rooms throw-away test CA" }], {
    ...common,
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "video-rooms-tls-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.cert);
  return {
    caCert: ca.cert,
    caFile,
    cert: server.cert,
    key: server.private,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The emulator served over https with `certs`, and the control calls the tests need. The test
 * process itself trusts the CA per call (its own NODE_EXTRA_CA_CERTS was fixed at start-up), so
 * what the provider trusts is decided by the stack's environment alone.
 */
export class HttpsTestEmulator {
  private constructor(
    readonly running: RunningEmulator,
    private readonly agent: Agent,
  ) {}

  static async start(certs: TestCertificates): Promise<HttpsTestEmulator> {
    const running = await startEmulator({ port: 0, tls: { cert: certs.cert, key: certs.key } });
    return new HttpsTestEmulator(running, new Agent({ connect: { ca: certs.caCert } }));
  }

  get url(): string {
    return this.running.url;
  }

  /** Stack config pointing both services at this emulator, credentials as secrets. */
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

  async clearRequests(): Promise<void> {
    await this.control("POST", "requests/clear");
  }

  async rooms(): Promise<{ hms: Record<string, unknown>[]; metered: Record<string, unknown>[] }> {
    return (await this.control("GET", "rooms")) as {
      hms: Record<string, unknown>[];
      metered: Record<string, unknown>[];
    };
  }

  async close(): Promise<void> {
    await this.running.close();
    await this.agent.close();
  }

  private async control(method: "GET" | "POST", path: string): Promise<unknown> {
    const res = await request(`${this.url}/__emulator/${path}`, { method, dispatcher: this.agent });
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw new Error(`emulator control ${method} ${path}: HTTP ${res.statusCode} ${text}`);
    return JSON.parse(text);
  }
}
