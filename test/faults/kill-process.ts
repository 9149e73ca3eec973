// A child process the fault tests can SIGKILL at any moment: its output is kept whole, and `ended`
// resolves (never rejects) after the last output, with the exit code or the signal that ended it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SIP_BIN = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class KillableProcess {
  stdout = "";
  stderr = "";
  readonly ended: Promise<Ended>;
  private readonly child;
  private done = false;

  constructor(script: string, args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
    this.ended = new Promise((resolve) =>
      this.child.on("close", (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      }),
    );
  }

  get running(): boolean {
    return !this.done && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: no handler runs, nothing is flushed or closed. True when the process was still running. */
  async kill(): Promise<boolean> {
    const was = this.running;
    if (was) this.child.kill("SIGKILL");
    await this.ended;
    return was;
  }
}
