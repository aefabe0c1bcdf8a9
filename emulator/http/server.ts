import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { type Fault, faultLabel, retryAfterValue } from "../controls/faults";
import { CONTROL_PREFIX, type ControlContext, handleControl } from "../controls/routes";
import type { Service } from "../service";
import { readBody } from "./body";
import { type Reply, sendPartialThenDrop, sendReply } from "./reply";
import { parseTarget, routeToService } from "./target";

/** What the HTTP layer needs: the controls' state (which includes the services). */
interface ServerContext extends ControlContext {
  /** Aborted on close, so injected delays do not hold the process open. */
  readonly shutdown: AbortSignal;
}

/** A certificate chain and its private key, both PEM, for serving https. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

/**
 * The emulator's HTTP server: test controls under `/__emulator/`, each service under its prefix.
 * With `tls`, the same server speaks https (for testing clients against a private CA).
 */
export function createEmulatorServer(ctx: ServerContext, tls?: TlsCredentials): Server | HttpsServer {
  const listener: RequestListener = (req, res) => {
    handle(req, res, ctx).catch((error: unknown) => {
      // The client went away or the emulator is closing: there is nobody to answer.
      if (res.destroyed || req.destroyed || ctx.shutdown.aborted) return;
      // A bug, not bad input. Only the error itself is printed: request data may hold secrets.
      process.stderr.write(
        `video-rooms-emulator: internal error: ${String((error as Error)?.stack ?? error)}\n`,
      );
      sendReply(res, { status: 500, body: { message: "Internal server error" } });
    });
  };
  return tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const target = parseTarget(req.url);
  if (target.path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, target.path, ctx);
  const routed = routeToService(target.path, ctx.services);
  if (!routed) {
    return sendReply(res, {
      status: 404,
      body: { message: `Not found: the emulator serves ${served(ctx.services)}` },
    });
  }
  const { service } = routed;
  const method = req.method ?? "";
  const finish = ctx.log.begin(method, target.path, service.name);
  let label: string | undefined;
  // "finish" (response handed to the OS) comes first, so a client reading the log right after its
  // response always finds the entry; "close" covers dropped and abandoned connections.
  const done = () => finish(res.headersSent ? res.statusCode : 0, label);
  res.on("finish", done);
  res.on("close", done);

  // Faults act before anything else: a status fault or an early drop must leave the state untouched.
  const fault = ctx.faults.take(method, target.path);
  if (fault) label = faultLabel(fault);
  if (fault?.delayMs) await delay(fault.delayMs, undefined, { signal: ctx.shutdown });
  if (fault?.drop === "before") return void req.socket.destroy();
  if (fault?.status !== undefined) return sendReply(res, statusFaultReply(service, fault, fault.status));

  const wait = ctx.rateLimiter.check(service.credentialKey(req.headers, target.query), Date.now());
  if (wait !== undefined) {
    label = label ? `${label}+rate-limit` : "rate-limit";
    return sendReply(res, service.errorReply(429, rateLimitMessage(wait), { "Retry-After": String(wait) }));
  }

  const body = await readBody(req);
  if (body.tooLarge) return sendReply(res, service.errorReply(413, "Request body too large (limit 1 MiB)"));
  const reply = await service.handle({
    method,
    segments: routed.segments,
    query: target.query,
    headers: req.headers,
    body: body.bytes,
  });
  // "after" and "during" model a request that was processed but whose answer was lost.
  if (fault?.drop === "after") return void req.socket.destroy();
  if (fault?.drop === "during") return sendPartialThenDrop(res, reply);
  sendReply(res, reply);
}

/** E.g. `A under /a, B under /b and C under /c`. */
function served(services: readonly Service[]): string {
  const each = services.map(({ title, prefix }) => `${title} under ${prefix}`);
  const last = each.pop();
  return each.length === 0 ? (last ?? "nothing") : `${each.join(", ")} and ${last}`;
}

function statusFaultReply(service: Service, fault: Fault, status: number): Reply {
  const retryAfter = retryAfterValue(fault, Date.now());
  const message =
    status === 429 ? rateLimitMessage(fault.retryAfter) : (STATUS_CODES[status] ?? `HTTP ${status}`);
  return service.errorReply(
    status,
    message,
    retryAfter === undefined ? undefined : { "Retry-After": retryAfter },
  );
}

// Wording of the only 429 in the API docs (hms-api.md §9.1).
function rateLimitMessage(seconds: number | undefined): string {
  return seconds === undefined
    ? "rate limit exceeded"
    : `rate limit exceeded, retry after ${seconds} seconds`;
}
