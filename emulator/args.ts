import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULTS } from "./defaults";
import type { EmulatorOptions } from "./index";
import { settingsOf } from "./service";
import { SERVICES } from "./services";

// Every service's settings as `[option name, setting]`, in usage order.
const SERVICE_SETTINGS = SERVICES.flatMap((module) => settingsOf(module));

// One usage line per setting, aligned with the fixed lines below.
const SERVICE_USAGE = SERVICE_SETTINGS.map(
  ([, { flag, placeholder, help, default: value }]) =>
    `  ${`--${flag} ${placeholder}`.padEnd(26)}${help} (default ${value})\n`,
).join("");

/** The CLI's usage text. */
export const USAGE = `Usage: video-rooms-emulator [options]

  --port N                  TCP port, 0 = any free port (default ${DEFAULTS.cliPort})
  --host HOST               interface to listen on (default ${DEFAULTS.host})
  --state FILE              keep rooms in FILE (atomic JSON writes); default: memory only
${SERVICE_USAGE}  --tls-cert FILE           serve https with this PEM certificate (chain); needs --tls-key
  --tls-key FILE            the PEM private key of --tls-cert
  --help                    print this text

Prints one JSON line on stdout when ready; stops on SIGTERM or SIGINT.
`;

/** Parsed command line: options for {@link startEmulator}, or a request for help. */
type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

/** Parses the CLI arguments; throws an Error with a one-line reason on bad input. */
export function parseCliArgs(argv: string[]): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      state: { type: "string" },
      ...Object.fromEntries(SERVICE_SETTINGS.map(([, { flag }]) => [flag, { type: "string" } as const])),
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return { help: true };
  const portText = values.port ?? String(DEFAULTS.cliPort);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new Error(`invalid --port ${portText}`);
  const options: EmulatorOptions = { port: Number(portText), host: values.host ?? DEFAULTS.host };
  if (values.state !== undefined) options.statePath = values.state;
  for (const [option, { flag }] of SERVICE_SETTINGS) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === "string") (options as Record<string, unknown>)[option] = value;
  }
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new Error("--tls-cert and --tls-key go together: give both or neither");
  }
  if (certFile !== undefined && keyFile !== undefined) {
    options.tls = { cert: readPem("--tls-cert", certFile), key: readPem("--tls-key", keyFile) };
  }
  return { help: false, options };
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
