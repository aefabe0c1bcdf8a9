import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where the time of one V8 CPU profile (node --cpu-prof) went. */
export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time by code area: our provider, zod, undici, the Pulumi SDK, gRPC/protobuf, Node, GC, idle. */
  byArea: Record<string, number>;
  /** Functions with the most self time. */
  topSelf: { fn: string; ms: number }[];
  /** Functions with the most inclusive time (callees included): the host's RPC handlers, our
   * provider's functions and module bodies, and the loading of zod and undici. */
  topInclusive: { fn: string; ms: number }[];
}

export function area(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)" || functionName === "(root)") return "v8/native";
  if (url.includes("/pulumi-video-rooms/dist/provider/")) return "our provider";
  if (url.includes("/pulumi-video-rooms/dist/bench/")) return "bench/floor";
  if (url.includes("/node_modules/zod/")) return "zod";
  if (url.includes("/node_modules/undici/")) return "undici";
  if (url.includes("/@grpc/") || url.includes("/google-protobuf/") || url.includes("/proto/"))
    return "grpc/protobuf";
  if (url.includes("/@pulumi/pulumi/")) return "pulumi sdk";
  if (url.includes("/node_modules/")) return "other node_modules";
  if (url.startsWith("node:") || url === "") return "node internals";
  return "other";
}

const label = (f: CallFrame) =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\//, "")}:${f.lineNumber + 1}`;

export function summarizeProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byArea: Record<string, number> = {};
  const selfByFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const a = area(frame.url, frame.functionName);
    byArea[a] = (byArea[a] ?? 0) + us / 1000;
    selfByFn.set(label(frame), (selfByFn.get(label(frame)) ?? 0) + us / 1000);
  }
  // Inclusive time per node, then per function, counting a function once per stack (no double
  // counting of recursion).
  const inclusiveByFn = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)!;
    const key = label(node.callFrame);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let us = selfUs.get(id) ?? 0;
    for (const child of node.children ?? []) us += walk(child, onStack);
    if (fresh) {
      onStack.delete(key);
      inclusiveByFn.set(key, (inclusiveByFn.get(key) ?? 0) + us / 1000);
    }
    return us;
  };
  const root = profile.nodes[0]!.id;
  walk(root, new Set());
  const sorted = (m: Map<string, number>, keep: (fn: string) => boolean) =>
    [...m.entries()]
      .filter(([fn]) => keep(fn))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10 }));
  return {
    file,
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byArea: Object.fromEntries(Object.entries(byArea).map(([k, v]) => [k, Math.round(v)])),
    topSelf: sorted(selfByFn, (fn) => !fn.startsWith("(idle)") && !fn.startsWith("(program)")),
    topInclusive: sorted(
      inclusiveByFn,
      (fn) =>
        fn.includes("pulumi-video-rooms/dist/") ||
        /cmd\/dynamic-provider\/index\.js:\d+$/.test(fn) ||
        /^\(anonymous\) (zod\/index\.cjs|undici\/index\.js):1$/.test(fn),
    ),
  };
}
