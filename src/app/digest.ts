import { hasCrossPrincipalConsent } from "../domain/consent.ts";
import {
  type DigestWeek,
  FIGURE_KEYS,
  type FigureKey,
  lastCompleteWeek,
  sumFigures,
  type Trend,
  trendOf,
  trendWeeks,
} from "../domain/digest.ts";
import { stockholmDate } from "../domain/local-date.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppDeps } from "./deps.ts";
import type { Digest, DigestUnitSection } from "./digest-ports.ts";
import type { StaffMember, Store, UnitRecord } from "./ports.ts";

// The weekly collaboration digest (DESIGN.md, mission 7): per unit and principal, what happened in the
// week and where things stand at its end, against the four weeks before. Managers see their own units'
// aggregates; a person's reference appears only where the unit owns the commitment (its own principal's
// data) or, for persons with both principals' efforts and no SIP, where the person's consent covers both.

// Enough to act on in a chat message; the full list is one `sip mina`/`sip vem` away for the owners.
export const OVERDUE_LIST_LIMIT = 10;
const BOTH_REFS_LIMIT = 20;

export type DigestFailure = "notManager" | "unknownUnit" | "notYourUnit";

/** Which units an actor may see aggregates for: a manager their own unit, an admin any unit. */
export async function digestUnitsFor(
  store: Store,
  actor: StaffMember,
  unitName: string | null,
): Promise<Result<UnitRecord[], DigestFailure>> {
  if (actor.role === "STAFF") return fail("notManager");
  const all = await store.listUnits();
  if (unitName !== null) {
    const unit = all.find((u) => u.name.toLowerCase() === unitName.trim().toLowerCase());
    if (unit === undefined) return fail("unknownUnit", { unit: unitName.slice(0, 40) });
    if (actor.role === "MANAGER" && unit.id !== actor.unitId) return fail("notYourUnit");
    return ok([unit]);
  }
  if (actor.role === "ADMIN") return ok(all);
  const own = all.filter((u) => u.id === actor.unitId);
  return own.length === 0 ? fail("notManager") : ok(own);
}

/**
 * Computes the digest of the units for the week (default: the last complete week). `viewerId` is who the
 * references are shown to (null for an operator's export at the command line); each shown reference is
 * audited.
 */
export async function computeDigest(
  deps: AppDeps,
  units: readonly UnitRecord[],
  week: DigestWeek | null,
  viewer: { id: string | null; unitId: string | null },
): Promise<Digest> {
  const reported = week ?? lastCompleteWeek(deps.clock.now());
  const weeks = trendWeeks(reported);
  const unitIds = units.map((u) => u.id);
  // The counts are read outside the transaction (each is one consistent statement, and an export of every
  // unit takes longer than a transaction should stay open); consents and audit go in one.
  const ft = deps.store.followThrough;
  const figures = unitIds.length === 0 ? [] : await ft.digestFigures(unitIds, weeks);
  const overdue = unitIds.length === 0 ? [] : await ft.overdueCommitments(unitIds, reported, 1000);
  const both = unitIds.length === 0 ? [] : await ft.bothPrincipalsWithoutSip(unitIds, reported, 500);
  return deps.store.transaction(async (store) => {
    // Consent decides whether a person counted as "both principals, no SIP" may be named: the count is an
    // aggregate, the reference is not. Judged on the last day of the week.
    const day = stockholmDate(new Date(reported.to.getTime() - 1));
    const consentOk = new Map<string, boolean>();
    for (const p of both) {
      if (consentOk.has(p.personId)) continue;
      const consents = await store.listConsents(p.personId);
      consentOk.set(p.personId, hasCrossPrincipalConsent(consents, day, reported.to));
    }

    const sections: DigestUnitSection[] = units.map((unit) => {
      const rows = weeks.map(
        (w) =>
          figures.find((f) => f.unitId === unit.id && f.weekStart === w.start) ??
          sumFigures(unit.id, w.start, []),
      );
      const current = rows[rows.length - 1] ?? sumFigures(unit.id, reported.start, []);
      const previous = rows.slice(0, -1);
      const trends = Object.fromEntries(
        FIGURE_KEYS.map((k) => [
          k,
          trendOf(
            current[k],
            previous.map((p) => p[k]),
          ),
        ]),
      ) as Record<FigureKey, Trend>;
      return {
        unit,
        current,
        previous,
        trends,
        overdue: overdue.filter((o) => o.unitId === unit.id).slice(0, OVERDUE_LIST_LIMIT),
        bothPrincipalsRefs: both
          .filter((p) => p.unitId === unit.id && consentOk.get(p.personId) === true)
          .map((p) => p.ref)
          .slice(0, BOTH_REFS_LIMIT),
      };
    });

    const principals = [...new Set(units.map((u) => u.principal))];
    const byPrincipal = principals.map((principal) => ({
      principal,
      current: sumFigures(
        principal,
        reported.start,
        sections.filter((s) => s.unit.principal === principal).map((s) => s.current),
      ),
    }));

    // Each reference shown is a read of the person's data: the unit's own commitments on its own
    // principal's basis, the others on the person's consent.
    const shown = new Map<string, "OWN_PRINCIPAL" | "CONSENT">();
    for (const s of sections) {
      for (const ref of s.bothPrincipalsRefs) shown.set(ref, "CONSENT");
      for (const o of s.overdue) shown.set(o.personRef, "OWN_PRINCIPAL");
    }
    for (const [ref, basis] of shown) {
      await store.audit({
        actorId: viewer.id,
        action: "DIGEST_REFERENCE_SHOWN",
        personRef: ref,
        unitId: viewer.unitId,
        basis: viewer.id === null ? "SYSTEM" : basis,
        detail: { week: reported.start },
      });
    }
    const polls = sections.reduce((n, s) => n + s.current.pollsWithoutAnswers, 0);
    return { week: reported, units: sections, byPrincipal, pollsWithoutAnswers: polls };
  });
}

/** `sip sammanfattning [enhet] [vecka]`: the digest on demand for a manager (or an admin). */
export async function digestOnDemand(
  deps: AppDeps,
  actor: StaffMember,
  input: { unitName: string | null; week: DigestWeek | null },
): Promise<Result<Digest, DigestFailure>> {
  const units = await digestUnitsFor(deps.store, actor, input.unitName);
  if (!units.ok) return units;
  return ok(await computeDigest(deps, units.value, input.week, { id: actor.id, unitId: actor.unitId }));
}
