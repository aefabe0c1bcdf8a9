// Program-side cost of N rooms, in a fresh process with Pulumi's mocks (no engine): the time to
// construct the resources and have every registration sent, and how often and for how long the
// SDK serialized a provider. Run by run.ts as `node program-side.js <ours|floor> <n>`; prints JSON.
// With PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS=false it shows what the SDK's cache saves.
// `node program-side.js <ours|floor> serialize` instead times one serialization of each provider
// (cold, the first in the process, then warm) exactly as dynamic.Resource asks for it.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Impl } from "./program";
import { stackProgram } from "./program";

export interface ProgramSide {
  impl: Impl;
  n: number;
  cached: boolean;
  /** Constructing the N resources (synchronous part of the program). */
  constructMs: number;
  /** Until every registration reached the (mock) engine, inputs (and `__provider`) resolved. */
  registeredMs: number;
  serializeCalls: number;
  /** Sum over calls of the time from call to the serialized text (overlaps the construction). */
  serializeMs: number;
  cpuMs: number;
}

export interface SerializeOnce {
  impl: Impl;
  /** Per provider module: bytes of the text, ms of the first and of a second serialization. */
  providers: Record<string, { bytes: number; coldMs: number; warmMs: number }>;
}

const PROVIDER_MODULES: Record<Impl, string[]> = {
  ours: [
    "pulumi-video-rooms/dist/provider/hms/provider.js",
    "pulumi-video-rooms/dist/provider/metered/provider.js",
  ],
  floor: ["pulumi-video-rooms/dist/bench/floor/provider.js"],
};

type Serialize = (f: () => unknown, options: { allowSecrets: boolean }) => Promise<{ text: string }>;

async function serializeOnce(root: string, impl: Impl, serialize: Serialize): Promise<SerializeOnce> {
  const load = createRequire(join(root, "package.json"));
  const providers: SerializeOnce["providers"] = {};
  for (const path of PROVIDER_MODULES[impl]) {
    const provider = load(path) as unknown;
    let started = performance.now();
    const { text } = await serialize(() => provider, { allowSecrets: true });
    const coldMs = performance.now() - started;
    started = performance.now();
    await serialize(() => provider, { allowSecrets: true });
    providers[path] = { bytes: Buffer.byteLength(text), coldMs, warmMs: performance.now() - started };
  }
  return { impl, providers };
}

async function main(): Promise<void> {
  const impl = process.argv[2] as Impl;
  const n = Number(process.argv[3]);
  const root = resolve(__dirname, "../..");
  // The SDK loads its closure serializer on demand and calls it through the module's exports.
  const closure: { serializeFunction: Serialize } = require(
    join(root, "node_modules/@pulumi/pulumi/runtime/closure/serializeClosure.js"),
  );
  const original = closure.serializeFunction;
  if (process.argv[3] === "serialize") {
    process.stdout.write(`${JSON.stringify(await serializeOnce(root, impl, original))}\n`);
    process.exit(0);
  }
  let serializeCalls = 0;
  let serializeMs = 0;
  closure.serializeFunction = (f, options) => {
    serializeCalls++;
    const started = performance.now();
    return original(f, options).finally(() => {
      serializeMs += performance.now() - started;
    });
  };

  let registered = 0;
  let allRegistered: () => void = () => {};
  const done = new Promise<void>((resolveDone) => {
    allRegistered = resolveDone;
  });
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (++registered === n) allRegistered();
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "video-rooms-bench",
    "program-side",
    false,
  );
  const cpu = process.cpuUsage();
  const started = performance.now();
  await stackProgram(root, impl, n, () => false)();
  const constructMs = performance.now() - started;
  await done;
  const registeredMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const result: ProgramSide = {
    impl,
    n,
    cached: process.env.PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS !== "false",
    constructMs,
    registeredMs,
    serializeCalls,
    serializeMs,
    cpuMs: (used.user + used.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

void main();
