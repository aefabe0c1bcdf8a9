import type { Agent } from "undici";
import type { Tuning } from "../config/tuning";
import { Limiter } from "./limiter";

// undici takes ~85 ms to load (bench/profile.json) and preview never sends a request: load it on
// the first request, not when the provider host loads this module.
export const undici = (): typeof import("undici") => require("undici");

interface Pool {
  agent: Agent;
  limiter: Limiter;
}

// One connection pool and one limiter per service, endpoint and tuning for the whole host
// process, so every room's RPC shares them (see Limiter). Keyed by endpoint because tests run
// several emulators, and by tuning because a pool made under other settings would ignore them.
const poolsByEndpoint = new Map<string, Pool>();
const MAX_IN_FLIGHT = 8;

export function poolFor(service: string, base: URL, tuning: Tuning): Pool {
  const key = `${service} ${base.href} ${tuning.timeoutMs} ${tuning.requestsPerSecond}`;
  let entry = poolsByEndpoint.get(key);
  if (!entry) {
    entry = {
      agent: new (undici().Agent)({ connect: { timeout: tuning.timeoutMs }, keepAliveTimeout: 4_000 }),
      limiter: new Limiter(MAX_IN_FLIGHT, tuning.requestsPerSecond),
    };
    poolsByEndpoint.set(key, entry);
  }
  return entry;
}
