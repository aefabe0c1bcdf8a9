import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJsonObject, readBody } from "../http/body";
import { jsonReply, type Reply, sendReply } from "../http/reply";
import type { Service } from "../service";
import type { Store } from "../store";
import { type FaultQueue, parseFaultRequest } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog } from "./request-log";

/** Everything the test controls act on. */
export interface ControlContext {
  readonly services: readonly Service[];
  readonly store: Store;
  readonly faults: FaultQueue;
  readonly rateLimiter: RateLimiter;
  readonly log: RequestLog;
}

/** Path prefix of the test controls (product.md §5). */
export const CONTROL_PREFIX = "/__emulator/";

const error = (status: number, message: string, headers?: Record<string, string>): Reply =>
  jsonReply(status, { error: message }, headers);

/**
 * Serves `/__emulator/*`: no auth (a loopback dev tool), no faults, and never in the request log.
 * Room listings redact secrets: this output is for tests and humans, who must not see credentials.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: ControlContext,
): Promise<void> {
  const action = path.slice(CONTROL_PREFIX.length);
  const method = req.method ?? "";
  const routes: Record<string, Record<string, (body: unknown) => Promise<Reply> | Reply>> = {
    reset: {
      POST: async () => {
        ctx.store.reset();
        await ctx.store.commit();
        return { status: 200, body: { ok: true } };
      },
    },
    faults: {
      GET: () => faultState(ctx),
      POST: (body) => {
        const request = parseFaultRequest(body);
        if ("error" in request) return error(400, request.error);
        if (request.rateLimit !== undefined) ctx.rateLimiter.set(request.rateLimit);
        if (request.fault) ctx.faults.add(request.fault.fault, request.fault.count);
        return faultState(ctx);
      },
    },
    "faults/clear": {
      POST: () => {
        ctx.faults.clear();
        ctx.rateLimiter.set(null);
        return faultState(ctx);
      },
    },
    requests: { GET: () => ({ status: 200, body: ctx.log.list() }) },
    "requests/clear": {
      POST: () => {
        ctx.log.clear();
        return { status: 200, body: { ok: true } };
      },
    },
    rooms: {
      GET: () => ({
        status: 200,
        body: Object.fromEntries(ctx.services.map((service) => [service.name, service.redactedRooms()])),
      }),
    },
  };

  const route = Object.hasOwn(routes, action) ? routes[action] : undefined;
  if (!route) return sendReply(res, error(404, `no control route ${CONTROL_PREFIX}${action}`));
  const handler = Object.hasOwn(route, method) ? route[method] : undefined;
  if (!handler) {
    const allowed = Object.keys(route).join(", ");
    return sendReply(res, error(405, `use ${allowed}`, { Allow: allowed }));
  }
  const raw = await readBody(req);
  if (raw.tooLarge) return sendReply(res, error(413, "body too large"));
  const body = parseJsonObject(raw.bytes);
  if (body.kind === "invalid") return sendReply(res, error(400, body.reason));
  sendReply(res, await handler(body.kind === "object" ? body.value : undefined));
}

function faultState(ctx: ControlContext): Reply {
  return { status: 200, body: { faults: ctx.faults.list(), rateLimit: ctx.rateLimiter.setting() } };
}
