import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { BenchEmulator } from "./emulator";
import { benchStack } from "./engine";
import { type StateSize, stateSize } from "./state";

const PROJECT = "video-rooms-example";

export interface DemoState extends StateSize {
  rooms: number;
}

/**
 * State per room of the demo's own stack (examples/index.ts, compiled: classrooms, a recorded town
 * hall with secret storage keys, a support desk, a private webinar with a secret RTMP URL and a
 * drop-in room), from `pulumi stack export` after `up`; destroyed afterwards.
 */
export async function demoState(
  root: string,
  engineBin: string,
  emulator: BenchEmulator,
): Promise<DemoState> {
  const program = require(join(root, "dist", "examples", "index.js")) as PulumiFn;
  await emulator.reset();
  const bench = await benchStack({
    root,
    engineBin,
    workDir: join(root, ".tmp", "bench", "demo"),
    project: PROJECT,
    stackName: "dev",
    program,
    config: {
      ...emulator.stackConfig(),
      [`${PROJECT}:recordingAccessKey`]: { value: "AKIABENCHBENCHBENCH1", secret: true },
      [`${PROJECT}:recordingSecretKey`]: { value: "bench-recording-secret-key", secret: true },
      [`${PROJECT}:webinarRtmpUrl`]: { value: "rtmp://a.rtmp.youtube.com/live2/bench-key", secret: true },
    },
  });
  try {
    const up = await bench.stack.up({ color: "never" });
    const rooms = up.summary.resourceChanges?.create ?? 0;
    const exported = await bench.cli(["stack", "export"]);
    const dynamic = (JSON.parse(exported).deployment.resources as { type: string }[]).filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/"),
    ).length;
    await bench.stack.destroy({ color: "never" });
    return { rooms: dynamic || rooms, ...stateSize(exported, dynamic || rooms) };
  } finally {
    bench.dispose();
  }
}
