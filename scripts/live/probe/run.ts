import { scrubText } from "../scrub";
import type { Target } from "../target";
import { HmsContext } from "./hms-context";
import { HMS_QUESTIONS } from "./hms-questions";
import { MeteredContext } from "./metered-context";
import { METERED_QUESTIONS } from "./metered-questions";
import { NotAsked, type ProbeContext, type Question } from "./question";
import { writeRecording } from "./recording";

/** Where the recordings go and what they say they came from. */
export interface ProbeOptions {
  outDir: string;
  /** Defaults to the API's host name. */
  source?: string;
  /** The run's prefix (runPrefix): every room a question makes is named under it. */
  prefix: string;
  /** Reports one line. */
  print: (line: string) => void;
}

/** What asking one service's questions came to. */
export interface ProbeOutcome {
  /** Questions whose ask threw. */
  errors: number;
  /** One line per room left behind. */
  leftovers: string[];
}

/** `hms §14.8` → `q14-8-`: the question's part of its rooms' names. */
function questionPrefix(prefix: string, id: string): string {
  return `${prefix}q${id.replace(/^.*§/, "").replace(/\./g, "-")}-`;
}

function contextFor(target: Target, prefix: string): ProbeContext {
  return target.service === "hms" ? new HmsContext(target, prefix) : new MeteredContext(target, prefix);
}

/** Asks every question of `target`'s service, each on its own rooms, and records each one's exchanges. */
export async function probeService(target: Target, options: ProbeOptions): Promise<ProbeOutcome> {
  const questions = (
    target.service === "hms" ? HMS_QUESTIONS : METERED_QUESTIONS
  ) as Question<ProbeContext>[];
  const source = options.source ?? new URL(target.apiUrl).hostname;
  const outcome: ProbeOutcome = { errors: 0, leftovers: [] };
  for (const question of questions) {
    const ctx = contextFor(target, questionPrefix(options.prefix, question.id));
    let answer: string;
    try {
      if (!question.ask) throw new NotAsked(question.notAsked);
      answer = await question.ask(ctx);
    } catch (err) {
      if (err instanceof NotAsked) answer = `not asked: ${err.message}`;
      else {
        outcome.errors += 1;
        answer = `error: ${(err as Error).message}`;
      }
    } finally {
      outcome.leftovers.push(...(await ctx.cleanup()));
    }
    const secrets = [...target.secrets, ...ctx.planted];
    answer = scrubText(answer, secrets);
    options.print(`${question.id}  ${question.text}: ${answer}`);
    if (ctx.exchanges.length === 0) continue;
    const recording = {
      source,
      recordedAt: new Date().toISOString(),
      question: { id: question.id, text: question.text },
      answer,
      exchanges: ctx.exchanges,
    };
    await writeRecording(options.outDir, target.service, recording, secrets);
  }
  return outcome;
}
