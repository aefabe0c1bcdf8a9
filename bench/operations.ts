import type { Stack } from "@pulumi/pulumi/automation";

/** The operations measured, in the order they run on each stack. */
export const OPERATIONS = [
  "preview",
  "create",
  "previewNoChange",
  "upNoChange",
  "update10",
  "refresh",
  "destroy",
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const LABELS: Record<Operation, string> = {
  preview: "preview (fresh)",
  create: "up (create)",
  previewNoChange: "preview (no changes)",
  upNoChange: "up (no changes)",
  update10: "up (10% changed)",
  refresh: "refresh",
  destroy: "destroy",
};

/** Resource changes the engine reported, by kind (create, update, same, delete...). */
export type Changes = Record<string, number>;

const quiet = { color: "never" as const };

/**
 * Runs one operation. `edit` switches the program to its edited rooms before `update10`. Each
 * returns the engine's change summary, which the runner checks against what the operation must do.
 */
export async function runOperation(stack: Stack, op: Operation, edit: () => void): Promise<Changes> {
  switch (op) {
    case "preview":
    case "previewNoChange":
      return (await stack.preview(quiet)).changeSummary as Changes;
    case "create":
    case "upNoChange":
      return (await stack.up(quiet)).summary.resourceChanges ?? {};
    case "update10":
      edit();
      return (await stack.up(quiet)).summary.resourceChanges ?? {};
    case "refresh":
      return (await stack.refresh(quiet)).summary.resourceChanges ?? {};
    case "destroy":
      return (await stack.destroy(quiet)).summary.resourceChanges ?? {};
  }
}

/** What each operation must report for N rooms (the stack resource itself aside), or an error text. */
export function checkChanges(op: Operation, changes: Changes, n: number, edited: number): string | undefined {
  const expected: Changes =
    op === "preview" || op === "create"
      ? { create: n }
      : op === "update10"
        ? { update: edited }
        : op === "destroy"
          ? { delete: n }
          : {};
  for (const [kind, count] of Object.entries(expected)) {
    // The stack resource itself is counted too (create/delete/same), hence the +1 tolerance.
    const got = changes[kind] ?? 0;
    if (got !== count && got !== count + 1)
      return `${op}: expected ${kind}=${count}, got ${JSON.stringify(changes)}`;
  }
  for (const kind of ["create", "update", "delete", "replace"]) {
    if (!(kind in expected) && (changes[kind] ?? 0) > 0 && op !== "refresh") {
      return `${op}: unexpected ${kind} in ${JSON.stringify(changes)}`;
    }
  }
  if (op === "refresh" && (changes.update ?? 0) > 0) return `refresh found drift: ${JSON.stringify(changes)}`;
  return undefined;
}
