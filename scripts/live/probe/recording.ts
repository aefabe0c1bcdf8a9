import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Exchange } from "../http";
import { scrubExchange } from "../scrub";
import type { Service } from "../target";

/** One question's recording: what was asked, what was observed, and every exchange it made. */
export interface Recording {
  /** Where the exchanges came from: the API host, or a label saying it is the emulator. */
  source: string;
  recordedAt: string;
  question: { id: string; text: string };
  answer: string;
  exchanges: Exchange[];
}

/** `hms §14.8` → `14.8.json`, under the service's folder. */
export function recordingPath(outDir: string, service: Service, questionId: string): string {
  return join(outDir, service, `${questionId.replace(/^.*§/, "")}.json`);
}

/** Writes a recording with every exchange scrubbed of `secrets` and the scrubber's own rules. */
export async function writeRecording(
  outDir: string,
  service: Service,
  recording: Recording,
  secrets: readonly string[],
): Promise<string> {
  const path = recordingPath(outDir, service, recording.question.id);
  const scrubbed = { ...recording, exchanges: recording.exchanges.map((e) => scrubExchange(e, secrets)) };
  await mkdir(join(outDir, service), { recursive: true });
  await writeFile(path, `${JSON.stringify(scrubbed, null, 2)}\n`);
  return path;
}
