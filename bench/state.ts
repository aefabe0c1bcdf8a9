/** What a stack's exported state costs, per room. */
export interface StateSize {
  /** Whole `pulumi stack export` (secrets encrypted) bytes over the number of rooms: includes the
   * stack's fixed part (manifest, secrets provider, stack and provider resources). */
  exportBytesPerRoom: number;
  /** Bytes each room adds to the export, as the CLI prints it (indented), mean over rooms. */
  roomBytes: number;
  /** The same, per resource type. */
  roomBytesByType: Record<string, number>;
  /** Where a room's bytes go (compact JSON, mean per room): inputs and outputs without
   * `__provider`, the two `__provider` copies, and the engine's metadata (urn, parent, provider,
   * propertyDependencies, stackTrace, timestamps...). */
  breakdown: { inputs: number; outputs: number; providerCopies: number; metadata: number };
  /** `__provider` text per resource, bytes (the same for every room of a type). */
  providerBytes: Record<string, number>;
  /** Per type, the outputs that are not inputs (server fields, computed ids, bookkeeping) and the
   * bytes each takes in the export, mean per room, largest first. */
  outputsBeyondInputs: Record<string, Record<string, number>>;
}

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "");

/** The bytes a resource takes in the export: 4-space indent, nested 3 levels deep, plus ",\n". */
function exportedBytes(resource: ExportedResource): number {
  const text = JSON.stringify(resource, null, 4).replace(/\n/g, `\n${" ".repeat(12)}`);
  return Buffer.byteLength(text) + 12 + 2;
}

/** Bytes of one `"key": value,` line (or block) of outputs in the export (nested 5 levels). */
function exportedPropertyBytes(key: string, value: unknown): number {
  const indent = " ".repeat(20);
  return Buffer.byteLength(
    `${indent}${JSON.stringify(key)}: ${JSON.stringify(value, null, 4).replace(/\n/g, `\n${indent}`)},\n`,
  );
}

/** Reads the output of `pulumi stack export` (without --show-secrets). */
export function stateSize(exported: string, rooms: number): StateSize {
  const deployment = (JSON.parse(exported) as { deployment: { resources?: ExportedResource[] } }).deployment;
  const resources = (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  const providerBytes: Record<string, number> = {};
  const byType: Record<string, { bytes: number; count: number }> = {};
  const breakdown = { inputs: 0, outputs: 0, providerCopies: 0, metadata: 0 };
  const beyond: Record<string, Record<string, { bytes: number; count: number }>> = {};
  let roomBytes = 0;
  for (const resource of resources) {
    const extra = beyond[resource.type] ?? {};
    beyond[resource.type] = extra;
    for (const [key, value] of Object.entries(resource.outputs ?? {})) {
      if (key in (resource.inputs ?? {})) continue;
      const e = extra[key] ?? { bytes: 0, count: 0 };
      extra[key] = { bytes: e.bytes + exportedPropertyBytes(key, value), count: e.count + 1 };
    }
    const size = exportedBytes(resource);
    roomBytes += size;
    const t = byType[resource.type] ?? { bytes: 0, count: 0 };
    byType[resource.type] = { bytes: t.bytes + size, count: t.count + 1 };
    const { __provider: inProvider, ...inputs } = resource.inputs ?? {};
    const { __provider: outProvider, ...outputs } = resource.outputs ?? {};
    const { inputs: _i, outputs: _o, ...metadata } = resource;
    providerBytes[resource.type] = Math.max(
      providerBytes[resource.type] ?? 0,
      Buffer.byteLength(typeof inProvider === "string" ? inProvider : JSON.stringify(inProvider ?? "")),
    );
    breakdown.inputs += bytes(inputs);
    breakdown.outputs += bytes(outputs);
    breakdown.providerCopies += bytes(inProvider ?? "") + bytes(outProvider ?? "");
    breakdown.metadata += bytes(metadata);
  }
  const count = Math.max(1, resources.length);
  const mean = (x: number) => Math.round(x / count);
  return {
    exportBytesPerRoom: Math.round(Buffer.byteLength(exported) / rooms),
    roomBytes: mean(roomBytes),
    roomBytesByType: Object.fromEntries(
      Object.entries(byType).map(([type, t]) => [type, Math.round(t.bytes / t.count)]),
    ),
    breakdown: {
      inputs: mean(breakdown.inputs),
      outputs: mean(breakdown.outputs),
      providerCopies: mean(breakdown.providerCopies),
      metadata: mean(breakdown.metadata),
    },
    providerBytes,
    outputsBeyondInputs: Object.fromEntries(
      Object.entries(beyond).map(([type, keys]) => [
        type,
        Object.fromEntries(
          Object.entries(keys)
            .map(([key, e]) => [key, Math.round(e.bytes / e.count)] as const)
            .sort((a, b) => b[1] - a[1]),
        ),
      ]),
    ),
  };
}
