import { afterEach, describe, expect, it, vi } from "vitest";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { as, openHarness, textOf } from "./harness.ts";

// When the unexpected happens (here: the database has gone away), the user gets a kind answer, and the
// log gets the error's name, never the text the user typed.
afterEach(() => {
  vi.restoreAllMocks();
});

describe("unexpected failures", () => {
  it("answer kindly and log no user text when the store is gone", async () => {
    const h = await openHarness();
    await h.close();
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
    const typed = "sip åtagande K-7F3Q @bo Ringa hemliga-mottagningen senast fredag";
    expect(textOf(await handleMessage(h.deps, as("anna"), typed))).toBe(sv.unexpected);
    expect(textOf(await handleAction(h.deps, as("anna"), { actionId: "sip.start", value: "K-7F3Q" }))).toBe(
      sv.unexpected,
    );
    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line).toMatch(/^sip: unexpected error/);
      expect(line).not.toMatch(/hemliga|K-7F3Q|Ringa/);
    }
  });
});
