#!/usr/bin/env node
import { parseCliArgs, USAGE } from "./args";
import { startEmulator } from "./index";

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

  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(command.options);
  } catch (error) {
    process.stderr.write(`video-rooms-emulator: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(emulator.ready)}\n`);

  const stop = (): void => {
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
}

void main();
