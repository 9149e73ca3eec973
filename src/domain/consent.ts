import type { LocalDate } from "./local-date.ts";
import type { Principal } from "./principal.ts";

// Secrecy applies between the region and the municipality; the person's consent is what lifts it
// (DOMAIN.md, "Consent and secrecy"). These rules decide, for one viewer and one piece of data, whether
// it may be shown, and on what basis, so the same answer is given and audited everywhere.
export interface ConsentFacts {
  principals: readonly Principal[];
  validFrom: LocalDate;
  validTo: LocalDate | null;
  withdrawnAt: Date | null;
}

export type AccessBasis = "OWN_PRINCIPAL" | "CONSENT" | "DENIED";

/** Valid on `today` and not withdrawn by `now` (withdrawal takes effect at once). */
export function isConsentValid(c: ConsentFacts, today: LocalDate, now: Date): boolean {
  if (c.withdrawnAt !== null && c.withdrawnAt.getTime() <= now.getTime()) return false;
  if (c.validFrom > today) return false;
  return c.validTo === null || c.validTo >= today;
}

export function validConsents<C extends ConsentFacts>(
  consents: readonly C[],
  today: LocalDate,
  now: Date,
): C[] {
  return consents.filter((c) => isConsentValid(c, today, now));
}

/**
 * May staff of `viewer` see data that belongs to `owner` (an effort or a commitment of that principal)?
 * Their own principal's data: yes. Another principal's: only when one valid consent names both. Measures
 * taken by others (the person, relatives, Försäkringskassan) are part of the plan the person agreed to
 * share with the viewer's principal, so a consent naming the viewer's principal is enough for them.
 */
export function accessBasis(
  viewer: Principal,
  owner: Principal,
  consents: readonly ConsentFacts[],
  today: LocalDate,
  now: Date,
): AccessBasis {
  if (viewer === owner) return "OWN_PRINCIPAL";
  const covered = consents.some(
    (c) =>
      isConsentValid(c, today, now) &&
      c.principals.includes(viewer) &&
      (owner === "OTHER" ? c.principals.length > 1 : c.principals.includes(owner)),
  );
  return covered ? "CONSENT" : "DENIED";
}

/** Whether the person's identity may be shared across the two principals at all. */
export function hasCrossPrincipalConsent(
  consents: readonly ConsentFacts[],
  today: LocalDate,
  now: Date,
): boolean {
  return consents.some(
    (c) =>
      isConsentValid(c, today, now) &&
      c.principals.includes("REGION") &&
      c.principals.includes("MUNICIPALITY"),
  );
}
