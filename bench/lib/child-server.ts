// A server under load runs in its own process, so that its CPU and memory are its own and the load tool
// (in this process) cannot hide in its figures. This file starts such a child, waits until it says it
// listens, reads its RSS and CPU time from /proc, and stops it; an early exit is an error, loudly.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const SIP_BIN = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));

export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  /** Resident set size now, in MB (VmRSS). */
  rssMb(): number;
  /** User + system CPU time so far, in ms. */
  cpuMs(): number;
  /** Everything the child wrote to stdout and to stderr (its errors name what went wrong). */
  stdout(): string;
  stderr(): string;
  /** Throws when the child has exited, or wrote one of the `failOn` patterns to its output. */
  check(): void;
  stop(): Promise<void>;
}

export interface ChildOptions {
  name: string;
  /** Script run with this Node (Node 24, via `npx node`). */
  script: string;
  args?: string[];
  env: Record<string, string>;
  /** A line on stdout that means the child is ready for requests. */
  ready: RegExp;
  /** Output that means a request went wrong inside the child (e.g. a failed turn). */
  failOn?: RegExp;
  port: number;
  timeoutMs?: number;
  /** Copies the child's stderr to ours as it comes (diagnostics). */
  echoStderr?: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? Number.NaN);
}

function cpuTicks(pid: number): number {
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]);
}

// Linux reports CPU time in clock ticks of 1/100 s on every platform Node runs on here.
const MS_PER_TICK = 10;

export async function startChild(o: ChildOptions): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [o.script, ...(o.args ?? [])], {
    env: { ...process.env, ...o.env, PORT: String(o.port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let exit: string | null = null;
  let failure: string | null = null;
  const watch = (chunk: string) => {
    if (failure === null && o.failOn?.test(chunk) === true) failure = chunk.trim().slice(0, 300);
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    watch(d);
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    if (o.echoStderr === true) process.stderr.write(d);
    watch(d);
  });
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = `exit code ${code ?? "-"}, signal ${signal ?? "-"}`;
      resolve();
    }),
  );
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  while (!o.ready.test(out)) {
    if (exit !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${o.name} did not start (${exit ?? "timed out"}).\nstdout:\n${out}\nstderr:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid ?? 0;
  let stopping = false;
  return {
    name: o.name,
    pid,
    port: o.port,
    rssMb: () => procStatus(pid, "VmRSS") / 1024,
    cpuMs: () => cpuTicks(pid) * MS_PER_TICK,
    stdout: () => out,
    stderr: () => err,
    check() {
      if (exit !== null && !stopping)
        throw new Error(`${o.name} exited (${exit}).\nstderr:\n${err.slice(-2000)}`);
      if (failure !== null) throw new Error(`${o.name} reported an error: ${failure}`);
    },
    async stop() {
      stopping = true;
      if (exit !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits until the child is (nearly) idle: after a load run the bot may still work through the turns it
 * acknowledged, and that work must not fall on the next run (of the baseline) instead.
 */
export async function waitIdle(c: ChildServer, maxMs = 300_000): Promise<number> {
  const start = Date.now();
  let quietFor = 0;
  let last = c.cpuMs();
  while (Date.now() - start < maxMs && quietFor < 1_000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = c.cpuMs();
    quietFor = now - last <= 25 ? quietFor + 250 : 0;
    last = now;
    c.check();
  }
  // Loading the baseline while the bot still works would measure the two at once: no figure rather than that.
  if (quietFor < 1_000) throw new Error(`${c.name} was still busy ${maxMs / 1000} s after the load stopped`);
  return Date.now() - start;
}

/** Samples RSS every `everyMs` until stopped; returns the peak in MB. */
export function rssSampler(c: ChildServer, everyMs = 100): { stop(): number } {
  let peak = c.rssMb();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, c.rssMb());
    } catch {
      // the child is gone; check() reports it
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The fake Slack or Bot Connector in a child process (bench/lib/fake-peer.ts), and its base URL. */
export async function startFakePeer(kind: "slack" | "teams"): Promise<{ child: ChildServer; url: string }> {
  const ready = /fake \w+ at (\S+)/;
  const child = await startChild({
    name: `fake ${kind}`,
    script: fileURLToPath(new URL("./fake-peer.ts", import.meta.url)),
    args: [kind],
    env: {},
    ready,
    port: 0,
  });
  const url = ready.exec(child.stdout())?.[1];
  if (url === undefined) throw new Error(`fake ${kind}: no URL in its output`);
  return { child, url };
}
