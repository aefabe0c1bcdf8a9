#!/usr/bin/env node
import { parseCliArgs, USAGE } from "./args";
import { type RunningEmulator, startEmulator } from "./index";

async function main(): Promise<void> {
  // A reader that goes away must not crash the emulator with EPIPE.
  process.stdout.on("error", () => undefined);
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`video-rooms-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }

  // Handlers go in before the ready line: a supervisor may signal as soon as it has read it.
  let emulator: RunningEmulator | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (!emulator) process.exit(0);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`video-rooms-emulator: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);

  try {
    emulator = await startEmulator(command.options);
  } catch (error) {
    process.stderr.write(`video-rooms-emulator: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(emulator.ready)}\n`);
}

void main();
