import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Exchange } from "../http";
import { isTestRoomName } from "../prefix";
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
  const exchanges = recording.exchanges.map((e) =>
    scrubExchange({ ...e, response: ownRoomsOnly(e.response) }, secrets),
  );
  const scrubbed = { ...recording, exchanges };
  await mkdir(join(outDir, service), { recursive: true });
  await writeFile(path, `${JSON.stringify(scrubbed, null, 2)}\n`);
  return path;
}

type Body = Record<string, unknown>;

const isRoom = (item: unknown): item is Body =>
  item !== null && typeof item === "object" && ("roomName" in item || ("name" in item && "id" in item));

/**
 * A list answer with the account's other rooms left out: their names and settings are the
 * maintainer's business, not a fixture's. (Metered's list has no filter, so it answers with all.)
 */
function ownRoomsOnly(response: unknown): unknown {
  const own = (items: unknown[]) =>
    items.filter((item) => !isRoom(item) || isTestRoomName(item.roomName ?? item.name));
  if (Array.isArray(response)) return own(response);
  if (response !== null && typeof response === "object" && Array.isArray((response as Body).data)) {
    return { ...response, data: own((response as Body).data as unknown[]) };
  }
  return response;
}
