/**
 * Lines the provider host is about to log that say nothing the engine will not print itself.
 *
 * The dynamic-provider host logs an error thrown from check, diff, read or delete to stderr as
 * `${error}: ${error.stack}` before it returns the error to the engine. The engine prints the
 * returned error under the resource and that stderr line under the stack, so a failed refresh
 * showed one message three times, once as `Error: X: X`. For an error whose message is the whole
 * story (see `explainedError` in errors.ts), that exact line is dropped, once; any other output passes through.
 */
const expected = new Set<string>();
let installed = false;

/** Drops the host's stderr copy of `error` (an error whose stack is its message) and returns it. */
export function withoutHostCopy(error: Error): Error {
  if (error.stack !== error.message) return error;
  const line = `${error}: ${error.stack}`;
  install();
  expected.add(line);
  // The host logs synchronously after the rejection; a line never logged must not linger.
  setTimeout(() => expected.delete(line), 5_000).unref();
  return error;
}

function install(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && expected.delete(args[0])) return;
    original(...args);
  };
}
