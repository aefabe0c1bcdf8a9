import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator } from "../support/emulator";
import { fractionKnob, intKnob } from "../support/knobs";
import { type LoadResult, runLoad } from "../support/load";
import { Report } from "../support/reliability";

/**
 * Load through the real engine: one `up` of 200 rooms (100 per service) with the emulator's rate
 * limit at 10 requests/s per credential and 5% of API requests answered 503. 100ms runs on the
 * provider's default pacing (10/s); Metered's (5/s) is raised to the known limit, as a user who
 * knows it would, so both services press against the limit at once. It must complete with zero
 * failures; the shared per-service limiter should keep the 429s rare. The wall time and the 429
 * count are reported. (`npm run test:soak` runs bigger variants.)
 */
/** Rooms per service and the share of 503s (the soak run raises both). */
const PER_SERVICE = intKnob("RELIABILITY_LOAD_PER_SERVICE", 100);
/** At most half: beyond, a request's retries would run out before a try gets through. */
const FAIL_RATE = fractionKnob("RELIABILITY_LOAD_FAIL_RATE", 0.05, 0.5);
const ROOMS = 2 * PER_SERVICE;
const PCT = `${Math.round(FAIL_RATE * 100)}%`;

describe(`load: ${ROOMS} rooms, rate limit 10/s, ${PCT} 503s`, () => {
  let emulator: TestEmulator;
  let result: LoadResult | undefined;
  const report = new Report("load");

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });

  afterAll(async () => {
    report.flush();
    await result?.env.dispose();
    await result?.proxy.close();
    await emulator?.close();
  });

  it(
    `one up creates all ${ROOMS} rooms with zero failures; 429s stay rare`,
    async () => {
      result = await runLoad(emulator, {
        perService: PER_SERVICE,
        perSecond: 10,
        failRate: FAIL_RATE,
        seed: 8,
        project: "rel-load",
        config: { "metered:requestsPerSecond": "10" },
      });
      const { wallMs, requests, seen503, seen429 } = result;
      process.stdout.write(
        `[load] ${ROOMS} rooms: ${(wallMs / 1000).toFixed(1)} s wall, ${requests} API requests ` +
          `(100ms ${result.hmsRequests}, Metered ${result.meteredRequests}), ${seen503} injected 503s, ` +
          `${seen429} 429s (100ms ${result.hms429}, Metered ${result.metered429})\n`,
      );
      // An auto-named 100ms room takes one create; a Metered room a look-up and a create. Every 503
      // and 429 costs one more request, nothing else.
      const calls = PER_SERVICE + 2 * PER_SERVICE;
      expect(requests).toBe(calls + seen503 + seen429);
      expect(seen503).toBeGreaterThan(calls * FAIL_RATE * 0.5);
      // "Rare": under 10% of the requests (4% seen on a loaded 2-core machine). The limiter paces
      // at exactly the server's rate, so only jitter at the window's edge goes over (the emulator
      // shares a busy process with the test); without the limiter, 8 requests in flight per service
      // would draw a 429 for most requests.
      expect(seen429).toBeLessThan(requests * 0.1);
      expect(result.scan.hits(emulator)).toEqual([]);
      report.add({
        case: `load: ${ROOMS} rooms (${PER_SERVICE} + ${PER_SERVICE}), rate limit 10/s per credential, ${PCT} 503s`,
        expected: "1 up, 0 failures, 429s rare",
        observed: `${ROOMS} rooms = state; ${requests} requests, ${seen503} 503s, ${seen429} 429s (${result.hms429} + ${result.metered429})`,
        retries: seen503 + seen429,
        ms: wallMs,
      });
    },
    60_000 + ROOMS * 1_000,
  );
});
