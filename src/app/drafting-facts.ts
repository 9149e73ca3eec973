import { isOverdue } from "../domain/commitment.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import type { Locale } from "./ports.ts";
import type { ResponsibilityView } from "./responsibility.ts";

// The facts of one case that drafts are grounded in, taken from exactly what the reader may see (a
// ResponsibilityView, which person-access has already filtered and audited). Staff names are left out on
// purpose: an owner is shown by principal or label, which is all an agenda or a question needs, and which
// is all a language model may receive.

export interface FactEffort {
  code: string;
  name: string;
  principal: Principal;
}

export interface FactCommitment {
  number: number;
  what: string;
  /** "kommunen", "regionen" or the label of someone outside the two principals. */
  owner: string;
  principal: Principal;
  due: LocalDate | null;
  overdue: boolean;
}

export interface CaseFacts {
  ref: string;
  today: LocalDate;
  sipState: SipState | null;
  consented: boolean;
  efforts: FactEffort[];
  openCommitments: FactCommitment[];
  overallResponsibility: SipPrincipal | null;
  followUpDate: LocalDate | null;
  /** Another principal's part was left out for lack of consent. */
  withheld: boolean;
  hasExclusions: boolean;
  /** Both principals give efforts at once. */
  parallel: boolean;
  substanceUse: boolean;
  inpatient: boolean;
  child: boolean;
}

const CONSENTED: readonly SipState[] = ["CONSENTED", "SCHEDULING", "SCHEDULED", "HELD", "FOLLOW_UP"];
const SUBSTANCE = new Set(["missbruksvard-socialtjanst", "beroendevard-medicinsk"]);
const INPATIENT = new Set(["psykiatrisk-slutenvard", "somatisk-slutenvard"]);
const CHILD = new Set(["bup", "habilitering"]);

const OWNER_WORDS: Record<Locale, Record<Principal, string>> = {
  sv: { MUNICIPALITY: "kommunen", REGION: "regionen", OTHER: "övriga" },
  en: { MUNICIPALITY: "the municipality", REGION: "the region", OTHER: "others" },
};

export function caseFacts(
  view: ResponsibilityView,
  taxonomy: EffortTaxonomy,
  locale: Locale,
  today: LocalDate,
): CaseFacts {
  const efforts: FactEffort[] = [];
  const openCommitments: FactCommitment[] = [];
  for (const section of view.sections) {
    for (const e of section.efforts) {
      const kind = taxonomy.byCode(e.kind);
      const name = kind === undefined ? e.kind : locale === "en" ? kind.en : kind.sv;
      efforts.push({ code: e.kind, name, principal: e.principal });
    }
    for (const c of section.commitments) {
      if (c.status !== "OPEN") continue;
      openCommitments.push({
        number: c.number,
        what: c.what,
        owner: c.ownerLabel ?? c.ownerUnitName ?? OWNER_WORDS[locale][c.principal],
        principal: c.principal,
        due: c.dueDate,
        overdue: isOverdue(c, today),
      });
    }
  }
  openCommitments.sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.number - b.number);
  const codes = new Set(efforts.map((e) => e.code));
  const has = (set: Set<string>) => [...codes].some((c) => set.has(c));
  return {
    ref: view.personRef,
    today,
    sipState: view.sipState,
    consented: view.sipState !== null && CONSENTED.includes(view.sipState),
    efforts,
    openCommitments,
    overallResponsibility: view.overallResponsibility,
    followUpDate: view.followUpDate,
    withheld: view.withheld,
    hasExclusions: view.exclusions.length > 0,
    parallel:
      efforts.some((e) => e.principal === "MUNICIPALITY") && efforts.some((e) => e.principal === "REGION"),
    substanceUse: has(SUBSTANCE),
    inpatient: has(INPATIENT),
    child: has(CHILD),
  };
}

/**
 * What a model is given: the facts without unit names or commitment numbers, commitments' own words
 * (which the model port redacts again before sending), and nothing else.
 */
export function factsForModel(f: CaseFacts): Record<string, unknown> {
  return {
    ref: f.ref,
    today: f.today,
    sip_state: f.sipState,
    consent_recorded: f.consented,
    efforts: f.efforts.map((e) => ({ name: e.name, principal: e.principal })),
    open_commitments: f.openCommitments.map((c) => ({
      what: c.what,
      owner: c.principal === "OTHER" ? c.owner : c.principal,
      due: c.due,
      overdue: c.overdue,
    })),
    overall_responsibility: f.overallResponsibility,
    follow_up_date: f.followUpDate,
    other_principal_withheld: f.withheld,
  };
}
