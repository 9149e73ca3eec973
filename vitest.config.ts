import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // An odd zone on purpose: any date formatted without an explicit Europe/Stockholm zone shows up as wrong.
    env: { TZ: "Pacific/Kiritimati" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry WASM; two workers match the machine's two cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
