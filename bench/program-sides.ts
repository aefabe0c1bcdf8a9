import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ProgramSide, SerializeOnce } from "./program-side";

const execFileAsync = promisify(execFile);

export interface ProgramSideResults {
  /** Per N and implementation, with the SDK's provider cache on (the default). */
  cached: ProgramSide[];
  /** The smallest N again with PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS=false: what the cache saves. */
  uncached: ProgramSide[];
  /** One serialization of each provider, cold and warm. */
  serializeOnce: SerializeOnce[];
}

async function child(args: string[], env: Record<string, string> = {}): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, [join(__dirname, "program-side.js"), ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (err) {
    // The SDK sets exit code 1 when outputs are still pending at exit (they are, by design: the
    // child exits once every registration is sent); the JSON line was written before.
    stdout = (err as { stdout?: string }).stdout ?? "";
    if (!stdout.trim()) throw err;
  }
  return stdout.trim().split("\n").pop() ?? "";
}

/** Program-side costs, each in a fresh process (mocks, no engine), ours and floor alternating. */
export async function programSides(sizes: number[]): Promise<ProgramSideResults> {
  const results: ProgramSideResults = { cached: [], uncached: [], serializeOnce: [] };
  for (const impl of ["ours", "floor"] as const) {
    results.serializeOnce.push(JSON.parse(await child([impl, "serialize"])) as SerializeOnce);
  }
  for (const [i, n] of sizes.entries()) {
    for (const impl of i % 2 === 0 ? (["ours", "floor"] as const) : (["floor", "ours"] as const)) {
      results.cached.push(JSON.parse(await child([impl, String(n)])) as ProgramSide);
    }
  }
  const smallest = Math.min(...sizes);
  for (const impl of ["ours", "floor"] as const) {
    const env = { PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS: "false" };
    results.uncached.push(JSON.parse(await child([impl, String(smallest)], env)) as ProgramSide);
  }
  return results;
}

export function programSideTable(r: ProgramSideResults): string {
  const lines = [
    "Program side (fresh process, mock engine): construct N resources and send every registration",
  ];
  for (const p of [...r.cached, ...r.uncached]) {
    lines.push(
      `  ${p.impl.padEnd(5)} N=${String(p.n).padEnd(4)} cache ${p.cached ? "on " : "off"}  registered in ` +
        `${p.registeredMs.toFixed(0)} ms (${(p.registeredMs / p.n).toFixed(2)} ms/room), CPU ${p.cpuMs.toFixed(0)} ms, ` +
        `${p.serializeCalls} provider serialization(s)`,
    );
  }
  for (const s of r.serializeOnce) {
    for (const [path, v] of Object.entries(s.providers)) {
      lines.push(
        `  serialize ${path.replace("pulumi-video-rooms/dist/", "")}: ${v.bytes} B, first ${v.coldMs.toFixed(0)} ms ` +
          `(loads the closure serializer), then ${v.warmMs.toFixed(0)} ms`,
      );
    }
  }
  return lines.join("\n");
}
