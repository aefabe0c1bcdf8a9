import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { FaultQueue } from "./controls/faults";
import { RateLimiter } from "./controls/rate-limit";
import { RequestLog } from "./controls/request-log";
import { DEFAULTS } from "./defaults";
import { createEmulatorServer, type TlsCredentials } from "./http/server";
import { StateFile } from "./persistence";
import { resolveSettings, type Service, type ServiceModule, startService } from "./service";
import { SERVICES, type ServiceOptions, type ServiceReadyInfo } from "./services";
import { Store } from "./store";

export { DEFAULTS } from "./defaults";
// The one public constant of a single service, kept from before the services were pluggable.
export { HMS_TEMPLATES } from "./hms/config";
export type { TlsCredentials } from "./http/server";

/** How to start an emulator. Every field is optional; each service adds its credentials (see `services.ts`). */
export interface EmulatorOptions extends ServiceOptions {
  /** TCP port; 0 (the default here; the CLI defaults to 4010) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Keep rooms in this JSON file (loaded at start, rewritten atomically after each change). Default: memory only. */
  statePath?: string;
  /**
   * Serve https with this certificate chain and key (PEM text, not paths); the ready URL then
   * starts with `https://`. Default: plain http.
   */
  tls?: TlsCredentials;
}

/**
 * What the emulator announces once listening: the CLI prints it as its one JSON ready line
 * (product.md §5): the origin, then each service's part under its name.
 */
export interface ReadyInfo extends ServiceReadyInfo {
  /** Origin serving every API, e.g. `http://127.0.0.1:4010` (`https://` with `tls`); each API is below its prefix. */
  url: string;
}

/** A listening emulator. */
export interface RunningEmulator {
  url: string;
  ready: ReadyInfo;
  /** Stops listening, drops open connections and waits for the last state write. Idempotent. */
  close(): Promise<void>;
}

/** Starts an emulator of every registered room API on one origin. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = SERVICES.map((module) => resolveSettings(module, options));
  const host = options.host ?? DEFAULTS.host;
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

  // Services commit through the store, which is made from them: `store` is read only once a request runs.
  const commit = (): Promise<void> => store.commit();
  const modules: readonly ServiceModule[] = SERVICES; // each with its own config and room types
  const services: Service[] = modules.map((module, i) => startService(module, settings[i]!, commit));
  const file =
    options.statePath === undefined ? undefined : new StateFile(resolve(options.statePath), services);
  const store = new Store(services, file ? (snapshot) => file.save(snapshot) : () => Promise.resolve());
  const saved = file?.load();
  if (saved) store.load(saved);

  const shutdown = new AbortController();
  const server = createEmulatorServer(
    {
      services,
      store,
      faults: new FaultQueue(),
      rateLimiter: new RateLimiter(),
      log: new RequestLog(),
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
  const ready = {
    url,
    ...Object.fromEntries(services.map((service) => [service.name, service.ready])),
  } as ReadyInfo;

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
