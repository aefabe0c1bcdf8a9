import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULTS } from "./config";
import type { EmulatorOptions } from "./index";

/** The CLI's usage text. */
export const USAGE = `Usage: video-rooms-emulator [options]

  --port N                  TCP port, 0 = any free port (default ${DEFAULTS.cliPort})
  --host HOST               interface to listen on (default ${DEFAULTS.host})
  --state FILE              keep rooms in FILE (atomic JSON writes); default: memory only
  --hms-access-key KEY      100ms access key (default ${DEFAULTS.hmsAccessKey})
  --hms-app-secret SECRET   100ms app secret (default ${DEFAULTS.hmsAppSecret})
  --metered-app-name NAME   Metered app name (default ${DEFAULTS.meteredAppName})
  --metered-secret-key KEY  Metered secret key (default ${DEFAULTS.meteredSecretKey})
  --tls-cert FILE           serve https with this PEM certificate (chain); needs --tls-key
  --tls-key FILE            the PEM private key of --tls-cert
  --help                    print this text

Prints one JSON line on stdout when ready; stops on SIGTERM or SIGINT.
`;

/** Parsed command line: options for {@link startEmulator}, or a request for help. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

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
      "hms-access-key": { type: "string" },
      "hms-app-secret": { type: "string" },
      "metered-app-name": { type: "string" },
      "metered-secret-key": { type: "string" },
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
  if (values["hms-access-key"] !== undefined) options.hmsAccessKey = values["hms-access-key"];
  if (values["hms-app-secret"] !== undefined) options.hmsAppSecret = values["hms-app-secret"];
  if (values["metered-app-name"] !== undefined) options.meteredAppName = values["metered-app-name"];
  if (values["metered-secret-key"] !== undefined) options.meteredSecretKey = values["metered-secret-key"];
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
