import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestEmulator } from "./emulator";

/** A small deterministic PRNG (mulberry32), so a failing load run can be replayed with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A loopback proxy in front of the emulator that turns a random share of API requests into 503s,
 * using the emulator's own fault control: for a chosen request it queues a one-shot 503 for that
 * exact method and path, then forwards the request. So the 503s come from the emulator, in the API's
 * error shape, and appear in its request log (a concurrent request to the same path may take the
 * fault instead: the number of 503s is the same).
 */
export class FaultProxy {
  /** How many 503s were queued. */
  injected = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(emulator: TestEmulator, failRate: number, seed: number): Promise<FaultProxy> {
    const upstream = new URL(emulator.url);
    const random = seeded(seed);
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0]!;
      const method = req.method ?? "GET";
      const fail = random() < failRate;
      const forward = () => {
        const out = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on("error", () => res.destroy());
        req.pipe(out);
      };
      if (!fail) return forward();
      proxy!.injected++;
      emulator.fault({ status: 503, count: 1, method, path }).then(forward, () => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
