// Shared set-up for the scheduling use-case tests: the real calendar ports (Swedish holidays, the .ics
// writer) on the app harness, and a SIP that is consented with anna (kommun) as its initiator and bo
// (region) involved.
import { expect } from "vitest";
import { recordConsent } from "../../src/app/consents.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { DEFAULT_SCHEDULING_SETTINGS, type SchedulingDeps } from "../../src/app/scheduling-ports.ts";
import { startSip } from "../../src/app/sips.ts";
import { IcsCalendarWriter } from "../../src/calendar/ics.ts";
import { SwedishHolidays } from "../../src/calendar/swedish-holidays.ts";
import { expectOk, type Harness, personWithBothPrincipals } from "./harness.ts";

export function schedulingPorts(overrides: Partial<SchedulingDeps["settings"]> = {}): SchedulingDeps {
  return {
    holidays: new SwedishHolidays(),
    calendar: new IcsCalendarWriter(),
    settings: { ...DEFAULT_SCHEDULING_SETTINGS, ...overrides },
  };
}

export function withScheduling(h: Harness, overrides: Partial<SchedulingDeps["settings"]> = {}): AppDeps {
  return { ...h.deps, scheduling: schedulingPorts(overrides) };
}

/** A person with efforts on both sides, a SIP started by anna, and consent for region and kommun. */
export async function consentedSip(
  h: Harness,
  principals: ("REGION" | "MUNICIPALITY" | "OTHER")[] = ["REGION", "MUNICIPALITY"],
  parties?: string,
): Promise<string> {
  const ref = await personWithBothPrincipals(h);
  expectOk(await startSip(h.deps, h.staff.anna, ref));
  const c = expectOk(
    await recordConsent(h.deps, h.staff.anna, { ref, principals, ...(parties !== undefined && { parties }) }),
  );
  expect(c.sipState).toBe("CONSENTED");
  return ref;
}

export async function pollRows(h: Harness, ref: string) {
  return h.db.runner.query<{ id: string; status: string }>(
    `SELECT mp.id, mp.status FROM meeting_poll mp JOIN sip s ON s.id = mp.sip_id JOIN person p ON p.id = s.person_id
      WHERE p.ref = $1 ORDER BY mp.created_at`,
    [ref],
  );
}
