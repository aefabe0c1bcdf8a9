import type { SizeResult } from "./measure";
import { OPERATIONS, type Operation } from "./operations";
import type { Impl } from "./program";

/** How one operation's wall time grows with N, for one implementation. */
export interface Growth {
  op: Operation;
  impl: Impl;
  /** Measured points: N and seconds. */
  points: { n: number; s: number; msPerRoom: number }[];
  /** Least-squares line s = fixedS + msPerRoom * N / 1000. */
  fixedS: number;
  msPerRoom: number;
  /** Slope between consecutive sizes, ms per room: rising slopes mean worse than linear. */
  marginalMsPerRoom: number[];
  /** Time per room at the largest N over time per room at the smallest (below 1: fixed costs amortized). */
  perRoomRatio: number;
  /** Last marginal slope over the first (about 1: linear; well above 1: worse than linear). */
  slopeRatio: number;
}

export function growth(sizes: SizeResult[]): Growth[] {
  const lines: Growth[] = [];
  for (const op of OPERATIONS) {
    for (const impl of ["ours", "floor"] as const) {
      const points = sizes
        .filter((s) => s.ops[impl][op])
        .map((s) => {
          const ms = s.ops[impl][op]!.wallMs;
          return { n: s.n, s: ms / 1000, msPerRoom: ms / s.n };
        });
      if (points.length < 2) continue;
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const mx = mean(points.map((p) => p.n));
      const my = mean(points.map((p) => p.s));
      const sxy = points.reduce((a, p) => a + (p.n - mx) * (p.s - my), 0);
      const sxx = points.reduce((a, p) => a + (p.n - mx) ** 2, 0);
      const slope = sxy / sxx;
      const fixedS = my - slope * mx;
      const marginalMsPerRoom = points
        .slice(1)
        .map((p, i) => ((p.s - points[i]!.s) * 1000) / (p.n - points[i]!.n));
      const first = points[0]!;
      const last = points[points.length - 1]!;
      lines.push({
        op,
        impl,
        points,
        fixedS,
        msPerRoom: slope * 1000,
        marginalMsPerRoom,
        perRoomRatio: last.msPerRoom / first.msPerRoom,
        slopeRatio: marginalMsPerRoom[marginalMsPerRoom.length - 1]! / marginalMsPerRoom[0]!,
      });
    }
  }
  return lines;
}
