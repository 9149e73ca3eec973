#!/usr/bin/env node
// Entry point of the `sip` command. The project runs its TypeScript directly on Node 24 (type stripping),
// which the `node` dev dependency provides; an older system Node re-runs this file with that one.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const local = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  if (!existsSync(local) || process.env.SIP_REEXEC === "1") {
    console.error(
      `sip needs Node 22.18 or newer (found ${process.versions.node}). Run "npm install" first; it installs Node 24.`,
    );
    process.exit(1);
  }
  const child = spawn(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, SIP_REEXEC: "1" },
  });
  // A process manager stops us, not the child: pass its signals on so the server shuts down cleanly.
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import("../src/cli.ts");
}
