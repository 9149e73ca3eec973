import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));

/**
 * Drives the real `sip chat` entry as a child process with piped standard input (the scripted mode):
 * send a line, wait for the output it causes. Output is kept whole so a test can also search all of it.
 */
export class ChatProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private out = "";
  private readPos = 0;
  private err = "";
  private readonly exited: Promise<number>;
  private closed = false;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, "chat", ...args], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => {
      this.out += d;
    });
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => {
      this.err += d;
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code ?? -1)));
    // A line written to a process that was just killed fails with EPIPE; the test sees the death in say().
    this.child.stdin.on("error", () => undefined);
    // "close" comes after the last output, so say() can tell a late answer from none.
    this.child.on("close", () => (this.closed = true));
  }

  /**
   * Sends one line and waits until output matching `expect` appears after what was already read. The
   * generous default covers a cold start (PGlite's WebAssembly, migrations) on a busy two-core machine.
   */
  async say(line: string, expect: RegExp, timeoutMs = 90_000): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ended = this.closed;
      const fresh = this.out.slice(this.readPos);
      const m = expect.exec(fresh);
      if (m) {
        this.readPos += m.index + m[0].length;
        return fresh.slice(0, m.index + m[0].length);
      }
      if (ended) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `no output matching ${expect} after "${line}". Output so far:\n${this.out.slice(this.readPos)}\nstderr:\n${this.err}`,
    );
  }

  /** Closes standard input, as at the end of a script, and waits for the exit code. */
  async end(): Promise<number> {
    this.child.stdin.end();
    return this.exited;
  }

  /** Stops the process if a test failed half-way, so it cannot hold the data folder for the next one. */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }
}
