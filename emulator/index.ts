import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { resolveConfig } from "./config";
import { FaultQueue } from "./controls/faults";
import { RateLimiter } from "./controls/rate-limit";
import { RequestLog } from "./controls/request-log";
import { createHmsService } from "./hms/rooms";
import { createEmulatorServer, type TlsCredentials } from "./http/server";
import { createMeteredService } from "./metered/rooms";
import { StateFile } from "./persistence";
import { Store } from "./state";

export { DEFAULTS, HMS_TEMPLATES } from "./config";
export type { TlsCredentials } from "./http/server";

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default here; the CLI defaults to 4010) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Keep rooms in this JSON file (loaded at start, rewritten atomically after each change). Default: memory only. */
  statePath?: string;
  /** 100ms access key the management tokens must name. Default `emulator-access-key`. */
  hmsAccessKey?: string;
  /** 100ms app secret the management tokens must be signed with. Default `emulator-app-secret`. */
  hmsAppSecret?: string;
  /** Metered app name. Default `emulator`. */
  meteredAppName?: string;
  /** Metered secret key (`secretKey` query parameter). Default `emulator-secret-key`. */
  meteredSecretKey?: string;
  /**
   * Serve https with this certificate chain and key (PEM text, not paths); the ready URL then
   * starts with `https://`. Default: plain http.
   */
  tls?: TlsCredentials;
}

/** What the emulator announces once listening: the CLI prints it as its one JSON ready line (product.md §5). */
export interface ReadyInfo {
  /** Origin serving both APIs, e.g. `http://127.0.0.1:4010` (`https://` with `tls`); 100ms is at `${url}/v2`, Metered at `${url}/api/v1`. */
  url: string;
  hms: { accessKey: string; appSecret: string; templates: { id: string; name: string }[] };
  metered: { appName: string; secretKey: string };
}

/** A listening emulator. */
export interface RunningEmulator {
  url: string;
  ready: ReadyInfo;
  /** Stops listening, drops open connections and waits for the last state write. Idempotent. */
  close(): Promise<void>;
}

/** Starts an emulator of the 100ms and Metered room APIs on one origin. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(options);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${port}`);
  const tls = options.tls;
  if (tls !== undefined) {
    for (const part of ["cert", "key"] as const) {
      if (typeof tls[part] !== "string" || !tls[part].includes("-----BEGIN ")) {
        throw new Error(`tls.${part} must be PEM text (-----BEGIN ...), not a path`);
      }
    }
  }

  const file = options.statePath === undefined ? undefined : new StateFile(resolve(options.statePath));
  const store = new Store(file ? (snapshot) => file.save(snapshot) : () => Promise.resolve());
  const saved = file?.load();
  if (saved) store.load(saved);

  const shutdown = new AbortController();
  const server = createEmulatorServer(
    {
      config,
      store,
      faults: new FaultQueue(),
      rateLimiter: new RateLimiter(),
      log: new RequestLog(),
      services: { hms: createHmsService(config, store), metered: createMeteredService(config, store) },
      shutdown: shutdown.signal,
    },
    tls,
  );
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });

  const { port: boundPort } = server.address() as AddressInfo;
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;
  const ready: ReadyInfo = {
    url,
    hms: {
      accessKey: config.hmsAccessKey,
      appSecret: config.hmsAppSecret,
      templates: config.templates.map(({ id, name }) => ({ id, name })),
    },
    metered: { appName: config.meteredAppName, secretKey: config.meteredSecretKey },
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      shutdown.abort();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      await file?.flush();
    })();
    return closing;
  };
  return { url, ready, close };
}
