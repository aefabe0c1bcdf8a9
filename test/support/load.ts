import type { UpResult } from "@pulumi/pulumi/automation";
import { expect } from "vitest";
import type { TestEmulator } from "./emulator";
import { collect, type EngineStack, engineStack } from "./engine";
import { FaultProxy } from "./fault-proxy";
import { type Declared, roomsProgram, SecretScan } from "./reliability";

export interface LoadOptions {
  /** Rooms per service. */
  perService: number;
  /** Emulator rate limit per credential (requests per second; 429 beyond). */
  perSecond: number;
  /** Share of API requests answered 503. */
  failRate: number;
  seed: number;
  project: string;
  /** Extra stack config (e.g. `metered:requestsPerSecond`). */
  config?: Record<string, string>;
}

export interface LoadResult {
  wallMs: number;
  requests: number;
  injected503: number;
  seen503: number;
  seen429: number;
  hms429: number;
  metered429: number;
  /** Requests per service, for the table. */
  hmsRequests: number;
  meteredRequests: number;
  env: EngineStack;
  proxy: FaultProxy;
  scan: SecretScan;
}

/**
 * One `up` of `2 * perService` rooms through a 503-injecting proxy, with the emulator's rate limit
 * on. Asserts it completes with zero failures and that the emulator holds exactly the declared
 * rooms, matching the state; returns the figures for the report. The caller disposes `env` and
 * closes `proxy`.
 */
export async function runLoad(emulator: TestEmulator, options: LoadOptions): Promise<LoadResult> {
  const decl: Declared = { hms: {}, metered: {} };
  for (let i = 0; i < options.perService; i++) {
    decl.hms[`load-${i}`] = { description: `room ${i}` };
    decl.metered[`load-${i}`] = { enableChat: i % 2 === 0 };
  }
  const proxy = await FaultProxy.start(emulator, options.failRate, options.seed);
  const config = emulator.stackConfig();
  config["hms:apiUrl"] = { value: `${proxy.url}/v2` };
  config["metered:apiUrl"] = { value: proxy.url };
  for (const [k, v] of Object.entries(options.config ?? {})) config[k] = { value: v };
  let env: EngineStack | undefined;
  try {
    env = await engineStack({ project: options.project, program: roomsProgram(decl), config });
    return await measure(emulator, options, env, proxy);
  } catch (err) {
    // The caller only gets `env` and `proxy` back on success: on failure they are released here.
    await env?.dispose();
    await proxy.close();
    throw err;
  }
}

async function measure(
  emulator: TestEmulator,
  options: LoadOptions,
  env: EngineStack,
  proxy: FaultProxy,
): Promise<LoadResult> {
  const out: string[] = [];
  const scan = new SecretScan();

  await emulator.clearRequests();
  await emulator.fault({ rateLimit: { perSecond: options.perSecond } });
  const started = performance.now();
  let up: UpResult;
  try {
    up = await env.stack.up({ onOutput: collect(out) });
  } finally {
    // The emulator's rate limit is lifted even when the up fails.
    await emulator.fault({ rateLimit: null });
  }
  const wallMs = Math.round(performance.now() - started);

  // Zero failures: every room created, in the one `up`.
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toEqual({ create: 2 * options.perService + 1 });
  const { hms, metered } = await emulator.rooms();
  expect(hms).toHaveLength(options.perService);
  expect(metered).toHaveLength(options.perService);
  const fromState = Object.entries(up.outputs)
    .map(([k, v]) => `${k.split(":")[0]} ${(v.value as { id: string }).id}`)
    .sort();
  const fromEmulator = [...hms.map((r) => `hms ${r.id}`), ...metered.map((r) => `metered ${r._id}`)].sort();
  expect(fromState).toEqual(fromEmulator);

  const log = await emulator.requests();
  scan.add("engine output", out.join(""));
  scan.add("emulator log", log);
  const seen503 = log.filter((r) => r.status === 503 && r.fault === "status").length;
  const seen429 = log.filter((r) => r.status === 429).length;
  // Every 503 the proxy queued was served (and retried): none is left waiting in the emulator.
  const faults = (await (await fetch(`${emulator.url}/__emulator/faults`)).json()) as { faults: unknown[] };
  expect(faults.faults).toEqual([]);
  expect(seen503).toBe(proxy.injected);
  return {
    wallMs,
    requests: log.length,
    injected503: proxy.injected,
    seen503,
    seen429,
    hms429: log.filter((r) => r.status === 429 && r.service === "hms").length,
    metered429: log.filter((r) => r.status === 429 && r.service === "metered").length,
    hmsRequests: log.filter((r) => r.service === "hms").length,
    meteredRequests: log.filter((r) => r.service === "metered").length,
    env,
    proxy,
    scan,
  };
}
