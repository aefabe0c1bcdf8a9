import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReadyInfo } from "../../emulator/index";
import { ServiceClient } from "../../provider/core/http/client";
import { ApiError } from "../../provider/core/http/errors";
import { REPO_ROOT } from "../support/engine";
import { makeTestCertificates, type TestCertificates } from "../support/tls";

/**
 * What reaches the client over a real socket besides plain JSON: compressed bodies, an answer
 * that is not the API's (an HTML page with a 200), and a certificate the client does not trust.
 * Each failure must be final on the first attempt, with a message that says what to fix.
 */

interface Seen {
  /** Requests the handler received, with their headers. */
  requests: IncomingHttpHeaders[];
  /** TCP connections accepted (for https, before any handshake). */
  connections: number;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

async function listen(server: Server, scheme: "http" | "https") {
  const seen: Seen = { requests: [], connections: 0 };
  server.on("connection", () => seen.connections++);
  server.on("request", (req) => seen.requests.push(req.headers));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const answering = (handler: RequestListener) => listen(createServer(handler), "http");

let clients = 0;
function client(url: string) {
  // A distinct base path per client keeps the shared per-endpoint pools and limiters apart.
  clients++;
  return new ServiceClient({
    service: "Test",
    baseUrl: `${url}/c${clients}`,
    tuning: { timeoutMs: 5_000, maxRetries: 3, requestsPerSecond: 1000 },
    authorize: () => ({ headers: { authorization: "Bearer t" } }),
    secrets: [],
    policy: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}

const failure = (op: Promise<unknown>) =>
  op.then(
    () => expect.unreachable("the request should have failed"),
    (err: unknown) => {
      expect(ApiError.is(err), String(err)).toBe(true);
      return err as ApiError;
    },
  );

const BODY = { id: "room-1", name: "lobby", enabled: true };

describe("compressed response bodies", () => {
  const encodings: [string, string, (b: Buffer) => Buffer][] = [
    ["gzip", "gzip", gzipSync],
    ["deflate", "deflate", deflateSync],
    ["deflate sent as a raw stream", "deflate", deflateRawSync],
    ["br", "br", brotliCompressSync],
    ["gzip then br", "gzip, br", (b) => brotliCompressSync(gzipSync(b))],
  ];

  it.each(encodings)("decodes a %s body on the first attempt", async (_label, header, encode) => {
    const server = await answering((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": header });
      res.end(encode(Buffer.from(JSON.stringify(BODY))));
    });
    await expect(client(server.url).request({ method: "GET", path: "/rooms/room-1" })).resolves.toEqual(BODY);
    expect(server.seen.requests).toHaveLength(1);
  });

  it("reads an empty body labelled gzip as empty", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(204, { "content-encoding": "gzip" });
      res.end();
    });
    await expect(
      client(server.url).request({ method: "DELETE", path: "/room/lobby" }),
    ).resolves.toBeUndefined();
  });

  it("asks for an uncompressed body", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(BODY));
    });
    await client(server.url).request({ method: "GET", path: "/rooms/room-1" });
    expect(server.seen.requests[0]?.["accept-encoding"]).toBe("identity");
  });

  it("reads a compressed error body, so the API's message still reaches the user", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(JSON.stringify({ message: "Invalid body param", details: ["region bad"] })));
    });
    const err = await failure(client(server.url).request({ method: "POST", path: "/rooms", body: {} }));
    expect(err).toMatchObject({
      kind: "invalid",
      status: 400,
      apiMessage: "Invalid body param",
      attempts: 1,
    });
    expect(server.seen.requests).toHaveLength(1);
  });

  it("fails at once, as a protocol error, on a 2xx in an encoding it cannot decode", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "zstd" });
      res.end(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]));
    });
    const err = await failure(client(server.url).request({ method: "GET", path: "/rooms/room-1" }));
    expect(err).toMatchObject({ kind: "protocol", status: 200, attempts: 1 });
    expect(err.message).toContain("zstd");
    expect(server.seen.requests).toHaveLength(1);
  });
});

describe("a 2xx whose body is not JSON", () => {
  it("is a protocol error on the first attempt, naming status, method, path and content type", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>");
    });
    const err = await failure(client(server.url).request({ method: "POST", path: "/rooms", body: {} }));
    expect(server.seen.requests).toHaveLength(1);
    expect(err).toMatchObject({ kind: "protocol", status: 200, method: "POST", attempts: 1 });
    expect(err.message).toMatch(/^Test API POST \/rooms failed with HTTP 200: /);
    expect(err.message).toContain("text/html; charset=utf-8");
    expect(err.message).toContain("<title>Sign in</title>");
    expect(err.message).toMatch(/check the apiUrl/i);
    expect(err.message).not.toMatch(/after \d+ attempts|run the same/);
  });

  it("is still read as empty when the body is empty (a 2xx with no content)", async () => {
    const server = await answering((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end();
    });
    await expect(
      client(server.url).request({ method: "DELETE", path: "/room/lobby" }),
    ).resolves.toBeUndefined();
  });
});

describe("a certificate the client does not trust", () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await makeTestCertificates();
  });
  afterAll(() => certs?.dispose());

  it("fails at once, naming NODE_EXTRA_CA_CERTS, and no request reaches the server", async () => {
    // A fresh CA cannot be among the process's trusted ones, whatever NODE_EXTRA_CA_CERTS holds.
    const server = await listen(
      createHttpsServer({ cert: certs.cert, key: certs.key }, (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }),
      "https",
    );
    const err = await failure(client(server.url).request({ method: "GET", path: "/rooms/room-1" }));
    expect(err).toMatchObject({ kind: "tls", attempts: 1 });
    expect(err.status).toBeUndefined();
    expect(err.message).toContain("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(err.message).toContain("NODE_EXTRA_CA_CERTS");
    expect(err.message).not.toMatch(/run the same|after \d+ attempts/);
    expect(server.seen.connections).toBe(1);
    expect(server.seen.requests).toHaveLength(0);
  });

  it("is trusted by a client given the CA: the certificate names 127.0.0.1 and localhost", async () => {
    const server = await listen(
      createHttpsServer({ cert: certs.cert, key: certs.key }, (_req, res) => res.end("ok")),
      "https",
    );
    const agent = new Agent({ connect: { ca: certs.caCert } });
    try {
      for (const host of ["127.0.0.1", "localhost"]) {
        const res = await request(server.url.replace("127.0.0.1", host), { dispatcher: agent });
        expect(await res.body.text()).toBe("ok");
      }
    } finally {
      await agent.close();
    }
  });
});

describe("the emulator CLI over https", () => {
  let certs: TestCertificates;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    certs = await makeTestCertificates();
  });
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    certs?.dispose();
  });

  /** Starts the built CLI and resolves with its ready line, or rejects with its stderr if it exits. */
  function launch(args: string[]): Promise<ReadyInfo> {
    const cli = join(REPO_ROOT, "dist/emulator/cli.js");
    child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const started = child;
    let stdout = "";
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    return new Promise((resolve, reject) => {
      started.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk;
        const end = stdout.indexOf("\n");
        if (end !== -1) resolve(JSON.parse(stdout.slice(0, end)) as ReadyInfo);
      });
      started.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
  }

  it("serves https with --tls-cert and --tls-key, announcing an https:// URL", async () => {
    const dir = join(certs.caFile, "..");
    writeFileSync(join(dir, "server.pem"), certs.cert);
    writeFileSync(join(dir, "server-key.pem"), certs.key);
    const ready = await launch([
      "--tls-cert",
      join(dir, "server.pem"),
      "--tls-key",
      join(dir, "server-key.pem"),
    ]);
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const agent = new Agent({ connect: { ca: certs.caCert } });
    try {
      const res = await request(`${ready.url}/__emulator/rooms`, { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ hms: [], metered: [] });
    } finally {
      await agent.close();
      child?.kill("SIGTERM");
    }
  });

  it("refuses --tls-cert without --tls-key", async () => {
    await expect(launch(["--tls-cert", certs.caFile])).rejects.toThrow(
      /exited with 2: .*--tls-cert and --tls-key go together/,
    );
  });
});
