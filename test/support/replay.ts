import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Exchange, parseAnswer, requestFor } from "../../scripts/live/http";
import { authFor } from "../../scripts/live/probe/auth";
import type { Recording } from "../../scripts/live/probe/recording";
import type { Target } from "../../scripts/live/target";
import type { TestEmulator } from "./emulator";
import { emulatorTargets } from "./live-target";
import { answerDifferences } from "./shape";

/** The recordings under `dir/<service>/`, by file name. */
export function loadRecordings(dir: string, service: string): { file: string; recording: Recording }[] {
  const folder = join(dir, service);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, recording: JSON.parse(readFileSync(join(folder, file), "utf8")) as Recording }));
}

/** The keys whose values a later request may carry (room ids and names, template ids). */
const LEARNED_KEYS = new Set(["id", "_id", "name", "roomName", "template_id"]);

/**
 * Sends a recording's exchanges, in order, to the emulator and returns every difference from what
 * was recorded, each naming the exchange and the JSON path. Ids the service gave and later
 * requests use are swapped for the ones the emulator gives; credentials are made from each
 * exchange's auth label with the emulator's own secrets; scrubbed strings are sent as they are.
 */
export async function replay(emulator: TestEmulator, recording: Recording): Promise<string[]> {
  const targets = emulatorTargets(emulator);
  const learned = new Map<string, string>();
  const differences: string[] = [];
  for (const [index, exchange] of recording.exchanges.entries()) {
    const sent = substitute(exchange, learned);
    const answer = await send(targets, sent);
    learn(exchange.response, answer.response, learned);
    const where = `exchange ${index + 1} (${exchange.method} ${exchange.path})`;
    differences.push(...answerDifferences(exchange, answer).map((line) => `${where}: ${line}`));
  }
  return differences;
}

/** Pairs the recorded answer's top-level ids with the replayed answer's; the first pairing holds. */
function learn(recorded: unknown, replayed: unknown, learned: Map<string, string>): void {
  if (!isObject(recorded) || !isObject(replayed)) return;
  for (const key of LEARNED_KEYS) {
    const [from, to] = [recorded[key], replayed[key]];
    if (typeof from === "string" && typeof to === "string" && from !== "" && !learned.has(from)) {
      learned.set(from, to);
    }
  }
}

function substitute<T>(value: T, learned: Map<string, string>): T {
  if (typeof value === "string") {
    let out: string = value;
    for (const [from, to] of [...learned].sort(([a], [b]) => b.length - a.length))
      out = out.split(from).join(to);
    return out as T;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, learned)) as T;
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, learned)])) as T;
  }
  return value;
}

async function send(targets: Target[], exchange: Exchange): Promise<{ status: number; response: unknown }> {
  const target = targets.find((candidate) => candidate.service === exchange.service);
  if (!target) throw new Error(`no ${exchange.service} target`);
  const { url, init } = requestFor(target, exchange.method, {
    path: exchange.path,
    query: exchange.query,
    body: exchange.body,
    auth: authFor(target, exchange.auth),
  });
  const res = await fetch(url, init);
  return { status: res.status, response: parseAnswer(await res.text()) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
