import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { type Harness, openHarness, textOf } from "./harness.ts";

// First contact on a chat platform: choosing a unit from the list is not enough to act for it. The new
// profile waits for an operator, and until then it can neither read nor change anything.
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

const slackUser = {
  user: { platform: "slack", tenant: "T1", userId: "U-MALLORY" },
  conversation: "direct" as const,
};

describe("self-registration on a chat platform", () => {
  it("waits for an operator's approval before the new profile may act", async () => {
    const form = { displayName: "Mallory Test", handle: "mallory", unit: "Psykiatrisk öppenvård (demo)" };
    const registered = await handleAction(h.deps, slackUser, { actionId: "staff.register", value: "", form });
    expect(textOf(registered)).toBe(sv.registeredPending("Mallory Test", "Psykiatrisk öppenvård (demo)"));

    for (const text of ["sip hjälp", "sip ny", "sip vem K-7F3Q", "sip mina"]) {
      expect(textOf(await handleMessage(h.deps, slackUser, text)), text).toBe(sv.awaitingApproval);
    }
    expect(textOf(await handleAction(h.deps, slackUser, { actionId: "sip.start", value: "K-7F3Q" }))).toBe(
      sv.awaitingApproval,
    );
    const people = await h.db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM person");
    expect(people[0]?.n).toBe(0);

    expect(await h.store.approveStaff("mallory", new Date())).toBe(true);
    expect(await h.store.approveStaff("mallory", new Date())).toBe(false); // only waiting ones
    expect(textOf(await handleMessage(h.deps, slackUser, "sip ny"))).toMatch(/^Ny personreferens: \*K-/);
  });

  it("approves registrations made at the server's own console at once", async () => {
    const consoleUser = {
      user: { platform: "console", tenant: "local", userId: "frida" },
      conversation: "direct" as const,
    };
    const form = { displayName: "Frida Test", handle: "frida", unit: "Hemtjänst Norr (demo)" };
    const registered = await handleAction(h.deps, consoleUser, {
      actionId: "staff.register",
      value: "",
      form,
    });
    expect(textOf(registered)).toBe(sv.registered("Frida Test", "Hemtjänst Norr (demo)"));
    expect(textOf(await handleMessage(h.deps, consoleUser, "sip ny"))).toMatch(/^Ny personreferens/);
  });
});
