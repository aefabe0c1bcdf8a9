import { scrubText } from "../scrub";
import type { Service } from "../target";

interface Outcome {
  service: Service;
  step: string;
  passed: boolean;
}

/**
 * The suite's output: one line per step, then a summary. Every line is scrubbed of the run's
 * secrets, so a failure's message (which may quote an API answer) never prints a credential.
 */
export class Report {
  private readonly outcomes: Outcome[] = [];
  /** Set on Ctrl-C: the steps still to come are not run, the cleanup still is. */
  interrupted = false;

  constructor(private readonly secrets: readonly string[]) {}

  /** Runs one step; its result (a short detail, or the reason it failed) becomes its line. */
  async step(service: Service, step: string, run: () => Promise<string>): Promise<boolean> {
    if (this.interrupted) {
      this.fail(service, step, "not run (interrupted)");
      return false;
    }
    const started = Date.now();
    try {
      const detail = await run();
      this.say(`✓ ${service} ${step}: ${detail} (${Math.round((Date.now() - started) / 1000)} s)`);
      this.outcomes.push({ service, step, passed: true });
      return true;
    } catch (err) {
      this.fail(service, step, err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** A step that did not run counts as failed: a run that tested less never passes. */
  notRun(service: Service, steps: readonly string[]): void {
    for (const step of steps) this.fail(service, step, "not run (an earlier step failed)");
  }

  fail(service: Service, step: string, reason: string): void {
    this.say(`✗ ${service} ${step}: ${reason}`);
    this.outcomes.push({ service, step, passed: false });
  }

  say(line: string): void {
    process.stdout.write(`${scrubText(line, this.secrets)}\n`);
  }

  /** Prints the summary; true when every step passed. */
  summarize(): boolean {
    const failed = this.outcomes.filter((outcome) => !outcome.passed);
    const services = [...new Set(this.outcomes.map((outcome) => outcome.service))].map((service) => {
      const own = this.outcomes.filter((outcome) => outcome.service === service);
      return `${service} ${own.filter((outcome) => outcome.passed).length}/${own.length}`;
    });
    this.say(
      `test:live: ${this.outcomes.length - failed.length} steps passed, ${failed.length} failed (${services.join(", ")})`,
    );
    return this.outcomes.length > 0 && failed.length === 0;
  }
}
