import { randomBytes } from "node:crypto";
import type { Output } from "@pulumi/pulumi";
import type { EngineEvent, OutputMap, Stack } from "@pulumi/pulumi/automation";
import { OperationLog } from "../../demo/events";
import { type LocalStack, localStack } from "../../engine/local-stack";
import { scrubText } from "../scrub";
import type { Target } from "../target";

/** What Pulumi's operations take for their output and events. */
export interface OperationOptions {
  onOutput: (text: string) => void;
  onEvent: (event: EngineEvent) => void;
  color: "never";
}

/** One operation's result and the rooms it touched. */
export interface Operation<T> {
  result: T;
  log: OperationLog;
}

/**
 * A throwaway stack whose inline program declares `rooms`, which the suite edits between
 * operations as a user edits a program. Pulumi's output is kept per operation and printed (scrubbed)
 * only when the operation fails, so a passing run stays one line per step.
 */
export class SuiteStack<Args> {
  rooms: Record<string, Args> = {};

  private constructor(
    private readonly local: LocalStack,
    private readonly secrets: readonly string[],
  ) {}

  static async create<Args>(options: {
    root: string;
    engineBin: string;
    workDir: string;
    target: Target;
    /** Declares one room in the program; resolves to its id. */
    declare: (logical: string, args: Args) => Output<string>;
    secrets: readonly string[];
  }): Promise<SuiteStack<Args>> {
    let suite: SuiteStack<Args> | undefined;
    const program = async () =>
      Object.fromEntries(
        Object.entries(suite?.rooms ?? {}).map(([logical, args]) => [
          logical,
          options.declare(logical, args),
        ]),
      );
    const local = await localStack({
      root: options.root,
      engineBin: options.engineBin,
      workDir: options.workDir,
      project: "pvr-live",
      stackName: options.target.service,
      program,
      // Guards the stack's secret config only for as long as this run lives.
      passphrase: randomBytes(16).toString("hex"),
      config: options.target.config,
    });
    suite = new SuiteStack<Args>(local, options.secrets);
    return suite;
  }

  get stack(): Stack {
    return this.local.stack;
  }

  /** The room ids the program exported after the last up, by logical name. */
  async ids(): Promise<Record<string, string>> {
    return idsOf(await this.stack.outputs());
  }

  async run<T>(name: string, operation: (options: OperationOptions) => Promise<T>): Promise<Operation<T>> {
    const log = new OperationLog();
    const output: string[] = [];
    try {
      const result = await operation({
        onOutput: (text) => output.push(text),
        onEvent: log.onEvent,
        color: "never",
      });
      return { result, log };
    } catch (err) {
      process.stderr.write(scrubText(`--- pulumi ${name} output ---\n${output.join("")}\n`, this.secrets));
      // The engine's closing "update failed" says less than the resource errors before it.
      const first = log.errors.find((error) => !/^[a-z ]+ failed$/i.test(error));
      throw new Error(`pulumi ${name} failed: ${first ?? (err as Error).message.split("\n")[0]}`);
    }
  }

  /** Whether the stack's state still holds any room. */
  async holdsRooms(): Promise<boolean> {
    const state = await this.stack.exportStack();
    const resources: { type: string }[] = state.deployment?.resources ?? [];
    return resources.some((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"));
  }

  dispose(): void {
    this.local.dispose();
  }
}

function idsOf(outputs: OutputMap): Record<string, string> {
  return Object.fromEntries(
    Object.entries(outputs).map(([logical, output]) => [logical, String(output.value)]),
  );
}
