import type { LoggedRequest } from "./emulator";

/** API calls of one operation, from the emulator's request log. */
export interface CallCount {
  total: number;
  reads: number;
  writes: number;
  /** Calls that did not get a 2xx (e.g. the 400 "room not found" of a Metered name check). */
  non2xx: number;
  /** Per "METHOD route" with ids and names folded, e.g. "GET /api/v1/room/:name". */
  byRoute: Record<string, number>;
  /** Sum of the emulator's own per-request times (ms), as it logs them. */
  emulatorMs: number;
}

function route(path: string): string {
  return path
    .replace(/^\/v2\/rooms\/[^/]+$/, "/v2/rooms/:id")
    .replace(/^\/api\/v1\/room\/[^/]+$/, "/api/v1/room/:name");
}

export function countCalls(log: LoggedRequest[]): CallCount {
  const count: CallCount = { total: 0, reads: 0, writes: 0, non2xx: 0, byRoute: {}, emulatorMs: 0 };
  for (const entry of log) {
    count.total++;
    if (entry.method === "GET") count.reads++;
    else count.writes++;
    if (entry.status < 200 || entry.status > 299) count.non2xx++;
    const key = `${entry.method} ${route(entry.path)}`;
    count.byRoute[key] = (count.byRoute[key] ?? 0) + 1;
    count.emulatorMs += entry.ms;
  }
  return count;
}
