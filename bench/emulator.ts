import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { processCpuMs } from "./proc";

/** One entry of the emulator's request log (emulator/README.md, "Request log"). */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  ms: number;
  service?: string;
  fault?: string;
}

interface Ready {
  url: string;
  hms: { accessKey: string; appSecret: string };
  metered: { appName: string; secretKey: string };
}

/**
 * The emulator in its own process (the compiled CLI), so its work never shares an event loop
 * with the benchmark's program, and its CPU time can be read from /proc as "the emulator's time".
 */
export class BenchEmulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static async start(cli: string): Promise<BenchEmulator> {
    const child = spawn(process.execPath, [cli, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`emulator exited with ${code} before its ready line`)));
    });
    return new BenchEmulator(child, JSON.parse(line) as Ready);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** CPU time (user + system) the emulator process has used so far. */
  cpuMs(): number {
    return processCpuMs(this.pid) ?? 0;
  }

  /**
   * Stack config pointing both services at the emulator. Client-side pacing is lifted to the
   * highest allowed rate, so the benchmark measures the provider, not its politeness towards the
   * real APIs (the default pacing, 10/s for 100ms and 5/s for Metered, bounds a create of N rooms
   * from below by calls / rate; the report states that bound separately).
   */
  stackConfig(): ConfigMap {
    const { hms, metered } = this.ready;
    return {
      "hms:apiUrl": { value: `${this.ready.url}/v2` },
      "hms:accessKey": { value: hms.accessKey },
      "hms:appSecret": { value: hms.appSecret, secret: true },
      "hms:requestsPerSecond": { value: "1000" },
      "metered:apiUrl": { value: this.ready.url },
      "metered:appName": { value: metered.appName },
      "metered:secretKey": { value: metered.secretKey, secret: true },
      "metered:requestsPerSecond": { value: "1000" },
    };
  }

  requests(): Promise<LoggedRequest[]> {
    return this.control("GET", "requests") as Promise<LoggedRequest[]>;
  }

  async clearRequests(): Promise<void> {
    await this.control("POST", "requests/clear");
  }

  async reset(): Promise<void> {
    await this.control("POST", "reset");
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }

  private async control(method: string, path: string): Promise<unknown> {
    const res = await fetch(`${this.ready.url}/__emulator/${path}`, { method });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }
}
