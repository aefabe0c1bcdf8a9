import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

/** A throw-away CA and a server certificate it signed, made for one test file. */
export interface TestCertificates {
  /** The CA certificate, PEM: what a client must trust. */
  caCert: string;
  /** A file holding `caCert`: the value for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Server certificate for 127.0.0.1, localhost and any `dnsNames` asked for (IP and DNS SANs), PEM. */
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
export async function makeTestCertificates(options: { dnsNames?: string[] } = {}): Promise<TestCertificates> {
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
          ...(options.dnsNames ?? []).map((value) => ({ type: 2 as const, value })),
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
