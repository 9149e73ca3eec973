import { describe, expect, it } from "vitest";
import {
  ACTIVE_SIP_STATES,
  canTransition,
  checkTransition,
  FINAL_SIP_STATES,
  nextStates,
  SIP_STATES,
  type SipActorRole,
} from "../../src/domain/sip-lifecycle.ts";

const roles = (...r: SipActorRole[]) => new Set(r);

describe("SIP lifecycle", () => {
  it("follows the happy path from suggestion to closing", () => {
    const path = [
      "SUGGESTED",
      "CONSENT_PENDING",
      "CONSENTED",
      "SCHEDULING",
      "SCHEDULED",
      "HELD",
      "FOLLOW_UP",
      "CLOSED",
    ] as const;
    for (let i = 0; i + 1 < path.length; i++) {
      const from = path[i] as (typeof path)[number];
      const to = path[i + 1] as (typeof path)[number];
      expect(
        checkTransition(from, to, roles("STAFF", "INITIATOR", "CHAIR", "SYSTEM")).ok,
        `${from} -> ${to}`,
      ).toBe(true);
    }
  });

  it("refuses illegal moves as values with a reason", () => {
    expect(checkTransition("SUGGESTED", "HELD", roles("INITIATOR"))).toEqual({
      ok: false,
      reason: "illegalTransition",
      detail: { from: "SUGGESTED", to: "HELD" },
    });
    expect(checkTransition("CLOSED", "CONSENTED", roles("SYSTEM")).ok).toBe(false);
  });

  it("lets only the initiator or chair book and close, but any involved staff record a withdrawal", () => {
    expect(checkTransition("CONSENTED", "SCHEDULED", roles("STAFF"))).toMatchObject({
      ok: false,
      reason: "notAllowed",
    });
    expect(checkTransition("CONSENTED", "SCHEDULED", roles("CHAIR")).ok).toBe(true);
    expect(checkTransition("HELD", "CLOSED", roles("STAFF")).ok).toBe(false);
    expect(checkTransition("HELD", "WITHDRAWN", roles("STAFF")).ok).toBe(true);
  });

  it("has no way out of final states and a withdrawal exit from every active state", () => {
    for (const s of FINAL_SIP_STATES) expect(nextStates(s)).toEqual([]);
    for (const s of ACTIVE_SIP_STATES) expect(canTransition(s, "WITHDRAWN"), s).toBe(true);
  });

  it("names every state exactly once in the active or final set, except the suggestion", () => {
    const covered = [...ACTIVE_SIP_STATES, ...FINAL_SIP_STATES, "SUGGESTED"];
    expect([...covered].sort()).toEqual([...SIP_STATES].sort());
  });
});
