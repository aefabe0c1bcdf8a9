import { type LocalStack, localStack } from "../scripts/engine/local-stack";

/** A benchmark stack: the same local stack the demo and tests use (real CLI, inline program). */
export type BenchStack = LocalStack;

export function benchStack(
  options: Omit<Parameters<typeof localStack>[0], "passphrase">,
): Promise<BenchStack> {
  return localStack({ ...options, passphrase: "bench-passphrase" });
}
